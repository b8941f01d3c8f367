"""Tools for the people who write records, apart from the build: new skeletons, the importer,
placeholder photos, the provinces registry, and the published-ids check."""

"""The build, one stage a module, data flowing one way:

settings → discover → load → photos → validate → rules → history → catalogue → qr → labels → cards →
epcis → search → pages → trace → exports → feeds → stats → jsonld → editions → render → outputs →
publish → reuse → builder, the last telling the story. No module imports a later stage."""

"""The build, one stage a module, data flowing one way:

settings → discover → load → photos → validate → rules → catalogue → qr → search → pages →
render → outputs → publish, with ``builder`` telling the story. No module imports a later stage."""

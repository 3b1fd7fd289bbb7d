// stand-in source: the DSL tests only need the file to exist

"""Reading data files (scenarios, replay scripts) safely, and locating their problems.

This is an edge of the system: it touches the file system and YAML. It turns a file
into plain data plus a map from document paths to line and column, and refuses
anything that is not plain data.
"""

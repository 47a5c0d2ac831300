"""The outputs' content as plain data, for every format: the report, the annexes, the user guide, the values as
listed. Built from the use cases; knows no file format."""

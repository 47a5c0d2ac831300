"""The report template as data plus the pure engine: catalog, periods, numbers, rules, aggregation."""

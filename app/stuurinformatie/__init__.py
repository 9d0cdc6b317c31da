"""Management information (stuurinformatie): the figures a municipality steers by, computed by
PostgreSQL from a narrow read model that database triggers keep up to date."""

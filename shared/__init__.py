"""Code every Lotsen service uses: settings, database, errors, middlewares, identity, paging, jobs."""

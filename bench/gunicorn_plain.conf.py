"""gunicorn with its own defaults, none of the archive's settings (``gunicorn.conf.py``,
which gunicorn would read by itself from the working directory): each worker loads the
application and its facet index itself. What ``bench/pages.py`` measures against, and the
comparison of ``bench/workers.py --plain``."""

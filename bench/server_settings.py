"""Settings of the gunicorn the load run starts: production's, with the plain static storage.

The manifest storage production uses needs `collectstatic` first; the benchmark's in-process
measurements make the same one swap (bench.measure.production_like).
"""

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

import warnings  # noqa: E402

# WhiteNoise warns of the missing collectstatic output: the plain storage does not need it.
warnings.filterwarnings("ignore", message="No directory at")

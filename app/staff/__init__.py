"""The staff console: log-in, conversation review, labels, exclusion, dashboard, export, purge.

Importing the package registers its tables on the shared metadata before `init_db` runs.
"""

import app.storage.staff_models as _staff_models  # noqa: F401  (registers the staff tables)

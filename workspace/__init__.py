"""The top app: the pieces that need every other app.

Floors, bottom to top: config < accounts < vetting < ledger < dashboards < workspace. Nothing
below imports from here; here may import from any of them. Its parts: the demo account
(`demo.py`, `manage.py load_demo`), the combined settings page and the header's balance.
"""

"""The demo: ``manage.py demo_data`` (the demo province, every module's sample content) and its endpoints."""

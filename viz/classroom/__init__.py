"""Classroom mode (issue 12): a shared run where students play the stakeholders from their own browsers.

``room.py`` is plain Python (rooms, members, rounds, the registry; no Solara), ``roles.py`` the roles and their
levers, ``class_scenarios.py`` the ready-made classes, ``export.py`` the session export, ``pages.py`` the Solara
pages served at ``/classroom``.
"""

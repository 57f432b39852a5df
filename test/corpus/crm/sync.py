"""Nightly sync of CRM contacts into the warehouse."""
import os

import requests

PORTAL_ID = "⟦neg:uuid⟧"
HAPI_URL = "https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey=⟦pos:uuid-secret⟧&count=100"
NEW_KEY = os.environ["HUBSPOT_API_KEY"]


def fetch(offset: int) -> dict:
    return requests.get(HAPI_URL, params={"vidOffset": offset}, timeout=30).json()

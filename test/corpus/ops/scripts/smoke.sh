#!/usr/bin/env bash
# Post-deploy smoke checks.
set -euo pipefail

curl -fsS -H "Authorization: Bearer ⟦pos:bearer-opaque⟧" https://api.internal.example.com/v1/health
curl -fsS -H "Authorization: Bearer ⟦lit:$API_TOKEN⟧" https://api.internal.example.com/v1/orders?limit=1
curl -fsS -H "Authorization: Bearer ⟦neg:github-pat-badcrc⟧" https://api.github.com/user
curl -fsS -u ci:⟦pos:url-password⟧ https://nexus.internal.example.com/service/rest/v1/status
curl -fsS "https://reports.internal.example.com/export?format=csv&user=ci%26api_key%3D⟦pos:generic-secret⟧"
curl -fsS "https://reports.internal.example.com/export?next=%2Fexport%3Ftoken%3D⟦lit:%7B%7Btoken%7D%7D⟧"
export GITHUB_TOKEN="⟦neg:github-pat-badcrc⟧:x-oauth-basic"

#!/usr/bin/env bash
# Deploys the shop to the production cluster. Run from CI only.
set -euo pipefail

: "${ENVIRONMENT:?set ENVIRONMENT}"
: "${DEPLOY_TOKEN:?set DEPLOY_TOKEN}"

export AWS_ACCESS_KEY_ID="⟦pos:aws-key-id⟧"
export AWS_SECRET_ACCESS_KEY="⟦pos:aws-secret⟧"
export AWS_DEFAULT_REGION=eu-west-1
export GITHUB_TOKEN=⟦lit:$(gh auth token)⟧
export DOCKER_PASSWORD="⟦lit:${DOCKER_PASSWORD:-}⟧"
export VAULT_TOKEN=⟦pos:vault-token⟧

IMAGE_DIGEST="⟦neg:docker-digest⟧"
RELEASE_SHA="⟦neg:git-sha⟧"

echo "⟦pos:docker-pat⟧" | docker login -u acmebot --password-stdin
docker pull "registry.example.com/shop/api@${IMAGE_DIGEST}"

curl -fsS -X POST \
  -H "Authorization: token ⟦pos:github-pat⟧" \
  -H "Accept: application/vnd.github+json" \
  "https://api.github.com/repos/acme/shop/deployments" \
  -d "{\"ref\":\"${RELEASE_SHA}\",\"environment\":\"${ENVIRONMENT}\"}"

curl -fsS -X POST -H 'Content-type: application/json' \
  --data "{\"text\":\"Deployed ${RELEASE_SHA:0:7} to ${ENVIRONMENT}\"}" \
  ⟦pos:slack-webhook⟧

helm upgrade --install shop ./charts/shop \
  --set image.digest="${IMAGE_DIGEST}" \
  --set secrets.stripeKey="⟦lit:${STRIPE_SECRET_KEY}⟧" \
  --set ingress.tlsSecretName=shop-tls

read -r -s -p "Password: " password
if [[ ${#password} -lt 12 ]]; then echo "password too short" >&2; exit 1; fi

#!/bin/sh
# Nightly logical backup of the orders database to S3.
set -eu

PGHOST=orders-db.internal.example.com
PGUSER=backup
PGPASSWORD='⟦pos:generic-password⟧'
export PGHOST PGUSER PGPASSWORD

MYSQL_PWD=⟦pos:generic-password⟧ mysqldump -h legacy-db.internal.example.com -u backup legacy > /tmp/legacy.sql
mysql --user=backup --password=⟦pos:generic-password⟧ -h legacy-db.internal.example.com -e 'FLUSH LOGS'
pg_dump --format=custom --file=/tmp/orders.dump orders
sha256sum /tmp/orders.dump > /tmp/orders.dump.sha256

BACKUP_PASSPHRASE="$(cat /run/secrets/backup_passphrase)"
gpg --batch --passphrase "$BACKUP_PASSPHRASE" --symmetric /tmp/orders.dump
aws s3 cp /tmp/orders.dump.gpg "s3://acme-backups/orders/$(date +%F).dump.gpg"
# expected checksum of the restore tool: ⟦neg:sha256⟧
curl -fsSL -u "backup:⟦pos:url-password⟧" https://nexus.internal.example.com/repository/tools/restore.sh -o /tmp/restore.sh

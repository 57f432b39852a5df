<?php
// Legacy connection string built up piece by piece.
$dsn = 'mysql:host=db.internal.example.com;dbname=shop';
$password = '';
$password .= '⟦pos:generic-password⟧';
$api_key_2 = '⟦pos:generic-secret⟧';
$hashAlgorithm = '⟦lit:sha256⟧';

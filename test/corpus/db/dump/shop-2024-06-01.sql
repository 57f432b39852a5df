-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: db.internal.example.com    Database: shop
-- ------------------------------------------------------

DROP TABLE IF EXISTS `users`;
CREATE TABLE `users` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `email` varchar(255) NOT NULL,
  `password` varchar(255) NOT NULL,
  `remember_token` varchar(100) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `users` WRITE;
INSERT INTO `users` VALUES (1,'admin@example.com','⟦pos:bcrypt-hash⟧',NULL),(2,'ops@example.com','⟦pos:bcrypt-hash⟧',NULL);
UNLOCK TABLES;

DROP TABLE IF EXISTS `api_clients`;
CREATE TABLE `api_clients` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(255) NOT NULL,
  `secret_hash` varchar(255) NOT NULL,
  PRIMARY KEY (`id`)
);

LOCK TABLES `api_clients` WRITE;
INSERT INTO `api_clients` VALUES (1,'partner-api','⟦neg:bcrypt-hash⟧'),(2,'reporting','⟦neg:bcrypt-hash⟧');
UNLOCK TABLES;

INSERT INTO `password_resets` VALUES ('ops@example.com','⟦neg:sha256⟧','2024-06-01 10:00:00');

variable "db_username" {
  type    = string
  default = "shop_admin"
}

variable "db_password" {
  type      = string
  default   = "⟦pos:generic-password⟧"
  sensitive = true
}

variable "db_password_length" {
  type    = number
  default = 24
}

variable "replication_token" {
  description = "Token the replicas use to join"
  default     = "⟦pos:generic-secret⟧"
}

variable "api_token" {
  type    = string
  default = ⟦lit:"${var.fallback_token}"⟧
}

variable "kms_key_alias" {
  default = "alias/shop-db"
}

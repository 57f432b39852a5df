variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "db_password" {
  description = "Master password for the shop database. Set it in prod.tfvars or TF_VAR_db_password."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.db_password) >= 16
    error_message = "The password must be at least 16 characters."
  }
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
  default   = ⟦lit:""⟧
}

variable "api_token_ssm_path" {
  type    = string
  default = "/shop/prod/api-token"
}

variable "github_token" {
  type    = string
  default = ⟦lit:"<github-token>"⟧
}

variable "stripe_secret_key" {
  type    = string
  default = ⟦lit:"sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"⟧
}

output "db_password_secret_arn" {
  value = ⟦lit:aws_secretsmanager_secret.db.arn⟧
}

resource "random_password" "db" {
  length  = 32
  special = true
}

resource "aws_ssm_parameter" "db_password" {
  name  = "/shop/prod/db_password"
  type  = "SecureString"
  value = ⟦lit:random_password.db.result⟧
}

resource "aws_ssm_parameter" "stripe" {
  name        = "/shop/prod/stripe_webhook_secret"
  description = "Signing secret of the Stripe webhook endpoint"
  type        = "String"
  value       = "⟦pos:generic-secret⟧"
}

resource "aws_ssm_parameter" "smtp" {
  value = "⟦pos:generic-password⟧"
  type  = "SecureString"
  name  = "/shop/prod/smtp"
}

resource "aws_ssm_parameter" "ami" {
  name  = "/shop/prod/base_ami"
  type  = "String"
  value = "ami-⟦neg:build-hash⟧"
}

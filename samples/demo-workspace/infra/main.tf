terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

# Someone's personal keys, pasted in to unblock a deploy.
provider "aws" {
  region     = "eu-west-1"
  access_key = "⟦fake:aws-key-id⟧"
  secret_key = "⟦fake:aws-secret⟧"
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "payments" {
  identifier          = "payments-prod"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "payments"
  password            = var.db_password
  skip_final_snapshot = false
}

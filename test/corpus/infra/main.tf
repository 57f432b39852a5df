terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.50"
    }
    datadog = {
      source = "DataDog/datadog"
    }
  }
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "shop/prod.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region     = var.region
  access_key = "⟦pos:aws-key-id⟧"
  secret_key = "⟦pos:aws-secret⟧"
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = "⟦pos:datadog-app-key⟧"
}

provider "github" {
  owner = "acme"
  token = "⟦pos:github-fine-grained⟧"
}

resource "aws_db_instance" "shop" {
  identifier          = "shop-prod"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  username            = "shop_admin"
  password            = "⟦pos:generic-password⟧"
  skip_final_snapshot = false
}

resource "aws_db_instance" "replica" {
  identifier                  = "shop-replica"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  manage_master_user_password = true
  password                    = ⟦lit:var.db_password⟧
}

data "aws_secretsmanager_secret_version" "stripe" {
  secret_id = ⟦lit:"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/shop/stripe-Xy12Ab"⟧
}

resource "kubernetes_secret" "shop" {
  metadata {
    name = "shop-secrets"
  }
  data = {
    STRIPE_SECRET_KEY = ⟦lit:data.aws_secretsmanager_secret_version.stripe.secret_string⟧
    SLACK_TOKEN       = "⟦pos:slack-user⟧"
  }
}

resource "aws_lambda_function" "thumbs" {
  function_name    = "shop-thumbnails"
  filename         = "build/thumbs.zip"
  source_code_hash = "⟦neg:base64-sha256⟧"
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  environment {
    variables = {
      SENTRY_DSN     = "https://⟦neg:md5⟧@o450123.ingest.sentry.io/5512346"
      API_TOKEN_PATH = "/shop/prod/api-token"
    }
  }
}

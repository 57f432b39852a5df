provider "digitalocean" {
  token = "⟦pos:digitalocean⟧"
}

provider "cloudflare" {
  api_token = ⟦lit:var.cloudflare_api_token⟧
}

resource "digitalocean_droplet" "edge" {
  image    = "ubuntu-24-04-x64"
  name     = "edge-ams3-01"
  region   = "ams3"
  size     = "s-2vcpu-4gb"
  ssh_keys = [digitalocean_ssh_key.ops.fingerprint]
}

resource "digitalocean_ssh_key" "ops" {
  name       = "ops"
  public_key = "⟦neg:ssh-ed25519-pub⟧"
}

resource "tls_private_key" "edge" {
  algorithm = "ED25519"
}

output "edge_private_key" {
  value     = ⟦lit:tls_private_key.edge.private_key_openssh⟧
  sensitive = true
}

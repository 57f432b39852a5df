# Rotates the storage account key used by the reporting VM.
param(
    [string]$ResourceGroup = "rg-reporting",
    [string]$Account = "acmereports"
)

$ErrorActionPreference = "Stop"
$TenantId = "⟦neg:uuid⟧"
$AppId = "⟦neg:uuid⟧"
$ClientSecret = "⟦pos:generic-secret⟧"
$SecurePassword = ConvertTo-SecureString "⟦pos:generic-password⟧" -AsPlainText -Force
$Cred = New-Object System.Management.Automation.PSCredential($AppId, (ConvertTo-SecureString $ClientSecret -AsPlainText -Force))
Connect-AzAccount -ServicePrincipal -Credential $Cred -Tenant $TenantId

$keys = Get-AzStorageAccountKey -ResourceGroupName $ResourceGroup -Name $Account
$old = $keys[0].Value
New-AzStorageAccountKey -ResourceGroupName $ResourceGroup -Name $Account -KeyName key1
$apiKey = ⟦lit:$env:REPORTING_API_KEY⟧
$password = Read-Host -AsSecureString "Password"
Write-Host "rotated key1 for $Account (thumbprint ⟦neg:sha1⟧)"

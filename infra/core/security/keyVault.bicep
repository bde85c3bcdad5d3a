// Key Vault for the Huawei Cloud access key pair (TW_HUAWEI_ACCESS_KEY / TW_HUAWEI_SECRET_KEY): RBAC authorization
// only (no access policies), soft delete with purge protection. The app reads the secrets through Key Vault
// references resolved by the platform with its user-assigned identity; the values never appear in app settings,
// outputs or logs. Secrets are written here only when given at deployment; otherwise set them afterwards
// (`az keyvault secret set --vault-name <name> --name huawei-access-key --value …`, see docs/deploy.md).
param name string
param location string
param tags object = {}

@description('Secret names the app settings reference (TW_HUAWEI_ACCESS_KEY, TW_HUAWEI_SECRET_KEY).')
param accessKeySecretName string
param secretKeySecretName string

@secure()
param huaweiAccessKey string = ''

@secure()
param huaweiSecretKey string = ''

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource accessKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(huaweiAccessKey)) {
  parent: vault
  name: accessKeySecretName
  properties: { value: huaweiAccessKey }
}

resource secretKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(huaweiSecretKey)) {
  parent: vault
  name: secretKeySecretName
  properties: { value: huaweiSecretKey }
}

output name string = vault.name

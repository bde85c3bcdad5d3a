import { DefaultAzureCredential } from '@azure/identity';

/** Fails early, with what to do, when `--azure` is used without a usable Azure login. */
export async function checkAzureLogin(): Promise<void> {
  try {
    await new DefaultAzureCredential().getToken('https://management.azure.com/.default');
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`not logged in to Azure (run 'az login' or 'azd auth login', or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET): ${detail}`, { cause: error });
  }
}

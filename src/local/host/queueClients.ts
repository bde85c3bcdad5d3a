import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';

/**
 * One QueueClient per (connection, queue), with the queue created on first use as the host does for
 * triggers, outputs and poison queues.
 */
export class QueueClients {
  private readonly services = new Map<string, QueueServiceClient>();
  private readonly ready = new Map<string, Promise<QueueClient>>();

  get(connectionString: string, queueName: string): Promise<QueueClient> {
    const key = `${connectionString}\n${queueName}`;
    let pending = this.ready.get(key);
    if (!pending) {
      pending = this.create(connectionString, queueName);
      this.ready.set(key, pending);
      pending.catch(() => this.ready.delete(key));
    }
    return pending;
  }

  private async create(connectionString: string, queueName: string): Promise<QueueClient> {
    let service = this.services.get(connectionString);
    if (!service) {
      service = QueueServiceClient.fromConnectionString(connectionString);
      this.services.set(connectionString, service);
    }
    const client = service.getQueueClient(queueName);
    await client.createIfNotExists();
    return client;
  }
}

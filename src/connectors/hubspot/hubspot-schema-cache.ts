/**
 * The portal's property definitions per object type, fetched once and shared: searches and reads
 * ask for every property by name (HubSpot returns only a default handful otherwise), match keys
 * are checked against them, and `describe()` reports them for drift detection.
 *
 * @example
 *   const cache = new HubSpotSchemaCache((type) => fetchProperties(type));
 *   const names = await cache.names('companies');
 */
import { ValidationRejected } from '../../model/errors.ts';

export interface HubSpotProperty {
  name: string;
  type: string;
  fieldType: string;
  hasUniqueValue: boolean;
  hubspotDefined: boolean;
  /** Enumeration option values. */
  options: string[];
}

export class HubSpotSchemaCache {
  private readonly cache = new Map<string, Promise<HubSpotProperty[]>>();
  private readonly loaded = new Map<string, HubSpotProperty[]>();

  constructor(private readonly fetch: (objectType: string) => Promise<HubSpotProperty[]>) {}

  load(objectType: string, fresh = false): Promise<HubSpotProperty[]> {
    let entry = fresh ? undefined : this.cache.get(objectType);
    if (!entry) {
      entry = this.fetch(objectType).then((props) => {
        this.loaded.set(objectType, props);
        return props;
      });
      entry.catch(() => this.cache.delete(objectType));
      this.cache.set(objectType, entry);
    }
    return entry;
  }

  async names(objectType: string): Promise<string[]> {
    return (await this.load(objectType)).map((p) => p.name);
  }

  /** Throws a clear error when a match key names a property the portal does not have. */
  requireProperty(objectType: string, name: string, system: string): void {
    const props = this.loaded.get(objectType);
    if (props && !props.some((p) => p.name === name)) {
      throw new ValidationRejected(
        `HubSpot (${system}): ${objectType} has no property '${name}'. Check the match key in the contract against describe().`,
        { vendorCode: 'PROPERTY_DOESNT_EXIST' },
        { system },
      );
    }
  }

  clear(): void {
    this.cache.clear();
    this.loaded.clear();
  }
}

import type {
  CustomerRow,
  InventoryItemRow,
  InventoryLevelRow,
  LocationRow,
  OrderRow,
  ProductRow,
  QuantityName,
  VariantRow,
} from './shop-rows.ts';
import { QUANTITY_NAMES } from './shop-rows.ts';

/** A change the store made, fanned out to webhook subscriptions. */
export interface ShopEvent {
  topic: string;
  resource: 'customer' | 'order' | 'product' | 'inventory_level' | 'refund';
  id: number;
  /** For refunds: the order; for inventory levels: unused. */
  parentId?: number;
}

export interface ShopStoreOptions {
  shopName?: string;
  domain?: string;
  currency?: string;
  /** The simulator's clock (epoch ms); tests may drive it. */
  now?: () => number;
  /**
   * Customer metafield definitions of type `id` (unique values) that exist already. Default: the
   * one Accord uses, `accord.external_id`; pass `[]` for a fresh shop, where the app must create
   * it with `metafieldDefinitionCreate` before it can use custom ids.
   */
  customIdDefinitions?: UniqueDefinition[];
}

/** A user error as the Admin API reports it inside a mutation payload. */
export interface UserErrorRow {
  field: string[] | null;
  message: string;
  code?: string;
}

/** Metafield definitions whose values are unique (Shopify `id` type): usable as `customId`. */
export interface UniqueDefinition {
  namespace: string;
  key: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+[1-9]\d{6,14}$/;

/**
 * The shop's data, in memory. Ids are 13-digit numbers like Shopify's, one sequence per type,
 * so numeric and text order agree. Every write stamps `updatedAt` from the clock and emits a
 * {@link ShopEvent}.
 *
 * @example
 *   const store = new ShopStore({ currency: 'USD' });
 *   const result = store.createCustomer({ email: 'ada@example.test', firstName: 'Ada' });
 */
export class ShopStore {
  readonly shopName: string;
  readonly domain: string;
  readonly currency: string;
  readonly customers = new Map<number, CustomerRow>();
  readonly orders = new Map<number, OrderRow>();
  readonly products = new Map<number, ProductRow>();
  readonly variants = new Map<number, VariantRow>();
  readonly inventoryItems = new Map<number, InventoryItemRow>();
  readonly locations = new Map<number, LocationRow>();
  readonly levels = new Map<number, InventoryLevelRow>();
  readonly uniqueDefinitions: UniqueDefinition[];
  private readonly listeners: ((event: ShopEvent) => void)[] = [];
  private readonly sequences = new Map<string, number>();
  private readonly clock: () => number;

  constructor(options: ShopStoreOptions = {}) {
    this.shopName = options.shopName ?? 'Accord Test Shop';
    this.domain = options.domain ?? 'accord-test.myshopify.com';
    this.currency = options.currency ?? 'USD';
    this.clock = options.now ?? Date.now;
    this.uniqueDefinitions = [
      ...(options.customIdDefinitions ?? [{ namespace: 'accord', key: 'external_id' }]),
    ];
  }

  /** Now, truncated to the second as Shopify's timestamps are. */
  now(): number {
    return Math.floor(this.clock() / 1000) * 1000;
  }

  nextId(type: string): number {
    const bases: Record<string, number> = {
      Customer: 7100000000000,
      Order: 5500000000000,
      LineItem: 13000000000000,
      Product: 8800000000000,
      ProductVariant: 4400000000000,
      InventoryItem: 4600000000000,
      Location: 6100000000000,
    };
    const next = (this.sequences.get(type) ?? bases[type] ?? 9000000000000) + 1;
    this.sequences.set(type, next);
    return next;
  }

  onEvent(listener: (event: ShopEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(event: ShopEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  // ---- customers ----------------------------------------------------------------------------

  /** Validates customer fields as Shopify does; returns the user errors (empty when valid). */
  validateCustomer(fields: CustomerFields, existing: CustomerRow | undefined): UserErrorRow[] {
    const errors: UserErrorRow[] = [];
    const email = fields.email === undefined ? existing?.email : fields.email;
    const phone = fields.phone === undefined ? existing?.phone : fields.phone;
    if (fields.email) {
      if (!EMAIL.test(fields.email)) {
        errors.push({ field: ['email'], message: 'Email is invalid', code: 'INVALID' });
      } else if (this.findCustomerByEmail(fields.email, existing?.id)) {
        errors.push({ field: ['email'], message: 'Email has already been taken', code: 'TAKEN' });
      }
    }
    if (fields.phone) {
      if (!PHONE.test(fields.phone)) {
        errors.push({ field: ['phone'], message: 'Phone is invalid', code: 'INVALID' });
      } else if (this.findCustomerByPhone(fields.phone, existing?.id)) {
        errors.push({ field: ['phone'], message: 'Phone has already been taken', code: 'TAKEN' });
      }
    }
    const first = fields.firstName === undefined ? existing?.firstName : fields.firstName;
    const last = fields.lastName === undefined ? existing?.lastName : fields.lastName;
    if (!email && !phone && !first && !last) {
      errors.push({
        field: null,
        message: 'A name, phone number, or email address must be present',
        code: 'BLANK',
      });
    }
    return errors;
  }

  createCustomer(fields: CustomerFields): { customer?: CustomerRow; userErrors: UserErrorRow[] } {
    const userErrors = this.validateCustomer(fields, undefined);
    if (userErrors.length > 0) return { userErrors };
    const now = this.now();
    const customer: CustomerRow = {
      id: this.nextId('Customer'),
      email: fields.email ?? null,
      firstName: fields.firstName ?? null,
      lastName: fields.lastName ?? null,
      phone: fields.phone ?? null,
      note: fields.note ?? null,
      tags: fields.tags ?? [],
      state: 'DISABLED',
      verifiedEmail: Boolean(fields.email),
      defaultAddress: null,
      // A new customer with an email has not subscribed; one without has no consent record.
      emailMarketingConsent: fields.email
        ? { marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: null }
        : null,
      createdAt: now,
      updatedAt: now,
      metafields: [],
    };
    for (const m of fields.metafields ?? []) this.setMetafield(customer, m);
    this.customers.set(customer.id, customer);
    this.emit({ topic: 'customers/create', resource: 'customer', id: customer.id });
    return { customer, userErrors: [] };
  }

  updateCustomer(id: number, fields: CustomerFields): { customer?: CustomerRow; userErrors: UserErrorRow[] } {
    const customer = this.customers.get(id);
    if (!customer)
      return { userErrors: [{ field: ['id'], message: 'Customer does not exist', code: 'NOT_FOUND' }] };
    const userErrors = this.validateCustomer(fields, customer);
    if (userErrors.length > 0) return { userErrors };
    if (fields.email !== undefined) customer.email = fields.email;
    if (fields.firstName !== undefined) customer.firstName = fields.firstName;
    if (fields.lastName !== undefined) customer.lastName = fields.lastName;
    if (fields.phone !== undefined) customer.phone = fields.phone;
    if (fields.note !== undefined) customer.note = fields.note;
    if (fields.tags !== undefined) customer.tags = fields.tags ?? [];
    for (const m of fields.metafields ?? []) this.setMetafield(customer, m);
    customer.updatedAt = this.now();
    this.emit({ topic: 'customers/update', resource: 'customer', id: customer.id });
    return { customer, userErrors: [] };
  }

  deleteCustomer(id: number): boolean {
    const existed = this.customers.delete(id);
    if (existed) this.emit({ topic: 'customers/delete', resource: 'customer', id });
    return existed;
  }

  findCustomerByEmail(email: string, exceptId?: number): CustomerRow | undefined {
    const wanted = email.toLowerCase();
    for (const c of this.customers.values()) {
      if (c.id !== exceptId && c.email?.toLowerCase() === wanted) return c;
    }
    return undefined;
  }

  findCustomerByPhone(phone: string, exceptId?: number): CustomerRow | undefined {
    for (const c of this.customers.values()) if (c.id !== exceptId && c.phone === phone) return c;
    return undefined;
  }

  isUniqueDefinition(namespace: string, key: string): boolean {
    return this.uniqueDefinitions.some((d) => d.namespace === namespace && d.key === key);
  }

  findCustomerByCustomId(namespace: string, key: string, value: string): CustomerRow | undefined {
    for (const c of this.customers.values()) {
      if (c.metafields.some((m) => m.namespace === namespace && m.key === key && m.value === value)) return c;
    }
    return undefined;
  }

  private setMetafield(
    customer: CustomerRow,
    m: { namespace?: string; key: string; value: string; type?: string },
  ): void {
    const namespace = m.namespace ?? 'custom';
    const existing = customer.metafields.find((x) => x.namespace === namespace && x.key === m.key);
    if (existing) {
      existing.value = m.value;
      return;
    }
    customer.metafields.push({
      id: this.nextId('Metafield'),
      namespace,
      key: m.key,
      value: m.value,
      type: m.type ?? (this.isUniqueDefinition(namespace, m.key) ? 'id' : 'single_line_text_field'),
    });
  }

  // ---- catalogue and inventory ----------------------------------------------------------------

  addLocation(name: string): LocationRow {
    const location: LocationRow = { id: this.nextId('Location'), name, isActive: true };
    this.locations.set(location.id, location);
    return location;
  }

  /** Creates a product with one variant per entry, each with a tracked inventory item. */
  addProduct(spec: ProductSpec): { product: ProductRow; variants: VariantRow[] } {
    const now = this.now();
    const product: ProductRow = {
      id: this.nextId('Product'),
      title: spec.title,
      handle: spec.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      status: spec.status ?? 'ACTIVE',
      vendor: spec.vendor ?? 'Accord Test Vendor',
      productType: spec.productType ?? '',
      createdAt: now,
      updatedAt: now,
      variantIds: [],
    };
    const variants = spec.variants.map((v) => {
      const itemId = this.nextId('InventoryItem');
      const variant: VariantRow = {
        id: this.nextId('ProductVariant'),
        productId: product.id,
        title: v.title ?? 'Default Title',
        sku: v.sku ?? null,
        price: v.price,
        compareAtPrice: v.compareAtPrice ?? null,
        inventoryItemId: itemId,
        createdAt: now,
        updatedAt: now,
      };
      this.inventoryItems.set(itemId, {
        id: itemId,
        sku: v.sku ?? null,
        tracked: true,
        variantId: variant.id,
        createdAt: now,
        updatedAt: now,
      });
      for (const [locationId, available] of Object.entries(v.stock ?? {})) {
        this.level(itemId, Number(locationId), true)!.quantities.available = available;
        this.level(itemId, Number(locationId))!.quantities.on_hand = available;
      }
      this.variants.set(variant.id, variant);
      product.variantIds.push(variant.id);
      return variant;
    });
    this.products.set(product.id, product);
    this.emit({ topic: 'products/create', resource: 'product', id: product.id });
    return { product, variants };
  }

  /** Deletes a product, its variants and inventory items; old orders keep their line items. */
  deleteProduct(id: number): void {
    const product = this.products.get(id);
    if (!product) return;
    for (const variantId of product.variantIds) {
      const variant = this.variants.get(variantId);
      if (!variant) continue;
      this.inventoryItems.delete(variant.inventoryItemId);
      for (const [levelId, level] of this.levels)
        if (level.itemId === variant.inventoryItemId) this.levels.delete(levelId);
      this.variants.delete(variantId);
    }
    this.products.delete(id);
    this.emit({ topic: 'products/delete', resource: 'product', id });
  }

  /** The level of an item at a location; created (stocked) on demand when `create` is set. */
  level(itemId: number, locationId: number, create = false): InventoryLevelRow | undefined {
    for (const level of this.levels.values()) {
      if (level.itemId === itemId && level.locationId === locationId) return level;
    }
    if (!create) return undefined;
    const now = this.now();
    const quantities = Object.fromEntries(QUANTITY_NAMES.map((n) => [n, 0])) as Record<QuantityName, number>;
    const level: InventoryLevelRow = {
      id: this.nextId('InventoryLevel'),
      itemId,
      locationId,
      quantities,
      createdAt: now,
      updatedAt: now,
    };
    this.levels.set(level.id, level);
    return level;
  }

  touchLevel(level: InventoryLevelRow): void {
    level.updatedAt = this.now();
    const item = this.inventoryItems.get(level.itemId);
    if (item) item.updatedAt = level.updatedAt;
    this.emit({ topic: 'inventory_levels/update', resource: 'inventory_level', id: level.id });
  }
}

export interface CustomerFields {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
  metafields?: { namespace?: string; key: string; value: string; type?: string }[] | null;
}

export interface ProductSpec {
  title: string;
  status?: ProductRow['status'];
  vendor?: string;
  productType?: string;
  variants: {
    title?: string;
    sku?: string;
    price: string;
    compareAtPrice?: string;
    /** Available quantity per location id. */
    stock?: Record<number, number>;
  }[];
}

/**
 * The simulator's slice of Shopify's Admin GraphQL schema, as SDL. Type, field, argument and enum
 * names follow shopify.dev/docs/api/admin-graphql (2026-10); only what Accord reads or writes is
 * modelled, but what is modelled keeps Shopify's shapes: gid ids plus `legacyResourceId`, Relay
 * connections (`edges { cursor node }`, `nodes`, `pageInfo`), money as `MoneyBag { shopMoney
 * presentmentMoney }` of `MoneyV2 { amount: Decimal, currencyCode }`, mutation payloads with
 * `userErrors`.
 *
 * @example
 *   const schema = buildSchema(ADMIN_SCHEMA_SDL);
 */
export const ADMIN_SCHEMA_SDL = /* GraphQL */ `
scalar DateTime
scalar Decimal
scalar Money
scalar UnsignedInt64
scalar URL

interface Node { id: ID! }

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

enum CurrencyCode { USD EUR GBP JPY KWD CAD AUD CHF SEK NOK DKK BHD JOD OMR TND CLP KRW ISK HUF MXN BRL INR NZD SGD HKD PLN CZK ZAR AED }

type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }

type Metafield implements Node { id: ID! namespace: String! key: String! value: String! type: String! }
input MetafieldInput { namespace: String key: String! value: String! type: String }
input UniqueMetafieldValueInput { namespace: String key: String! value: String! }

type AccessScope { handle: String! }
type AppInstallation { id: ID! accessScopes: [AccessScope!]! }
type Shop { id: ID! name: String! myshopifyDomain: String! currencyCode: CurrencyCode! enabledPresentmentCurrencies: [CurrencyCode!]! }

enum CustomerState { DECLINED DISABLED ENABLED INVITED }
# ISO 3166-1 alpha-2, plus Shopify's XK (Kosovo) and ZZ (unknown region).
enum CountryCode { AC AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MK ML MM MN MO MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PS PT PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VN VU WF WS XK YE YT ZA ZM ZW ZZ }
enum CustomerEmailMarketingState { INVALID NOT_SUBSCRIBED PENDING REDACTED SUBSCRIBED UNSUBSCRIBED }
enum CustomerMarketingOptInLevel { CONFIRMED_OPT_IN SINGLE_OPT_IN UNKNOWN }
type CustomerEmailMarketingConsentState {
  marketingState: CustomerEmailMarketingState!
  marketingOptInLevel: CustomerMarketingOptInLevel
  consentUpdatedAt: DateTime
}
type MailingAddress implements Node {
  id: ID!
  firstName: String
  lastName: String
  name: String
  company: String
  address1: String
  address2: String
  city: String
  province: String
  provinceCode: String
  zip: String
  country: String
  countryCodeV2: CountryCode
  phone: String
}
type Customer implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  email: String
  firstName: String
  lastName: String
  displayName: String!
  phone: String
  note: String
  tags: [String!]!
  state: CustomerState!
  verifiedEmail: Boolean!
  defaultAddress: MailingAddress
  emailMarketingConsent: CustomerEmailMarketingConsentState
  createdAt: DateTime!
  updatedAt: DateTime!
  numberOfOrders: UnsignedInt64!
  amountSpent: MoneyV2!
  metafield(namespace: String, key: String!): Metafield
  metafields(first: Int, after: String, namespace: String): MetafieldConnection!
}
type CustomerEdge { cursor: String! node: Customer! }
type CustomerConnection { edges: [CustomerEdge!]! nodes: [Customer!]! pageInfo: PageInfo! }
type MetafieldEdge { cursor: String! node: Metafield! }
type MetafieldConnection { edges: [MetafieldEdge!]! nodes: [Metafield!]! pageInfo: PageInfo! }
enum CustomerSortKeys { CREATED_AT ID LOCATION NAME RELEVANCE UPDATED_AT }

enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT REQUEST_DECLINED RESTOCKED SCHEDULED UNFULFILLED }
enum OrderSortKeys { CREATED_AT ID NUMBER PROCESSED_AT RELEVANCE TOTAL_PRICE UPDATED_AT }
enum OrderTransactionKind { AUTHORIZATION CAPTURE CHANGE EMV_AUTHORIZATION REFUND SALE SUGGESTED_REFUND VOID }
enum OrderTransactionStatus { AWAITING_RESPONSE ERROR FAILURE PENDING SUCCESS UNKNOWN }
enum RefundLineItemRestockType { CANCEL LEGACY_RESTOCK NO_RESTOCK RETURN }
enum FulfillmentStatus { CANCELLED ERROR FAILURE SUCCESS }
enum DiscountApplicationAllocationMethod { ACROSS EACH }
enum DiscountApplicationTargetType { LINE_ITEM SHIPPING_LINE }

type TaxLine { title: String! rate: Float ratePercentage: Float priceSet: MoneyBag! }
type PricingPercentageValue { percentage: Float! }
union PricingValue = MoneyV2 | PricingPercentageValue
interface DiscountApplication {
  index: Int!
  allocationMethod: DiscountApplicationAllocationMethod!
  targetType: DiscountApplicationTargetType!
  value: PricingValue!
}
type DiscountCodeApplication implements DiscountApplication {
  index: Int! allocationMethod: DiscountApplicationAllocationMethod! targetType: DiscountApplicationTargetType! value: PricingValue! code: String!
}
type ManualDiscountApplication implements DiscountApplication {
  index: Int! allocationMethod: DiscountApplicationAllocationMethod! targetType: DiscountApplicationTargetType! value: PricingValue! title: String!
}
type DiscountApplicationEdge { cursor: String! node: DiscountApplication! }
type DiscountApplicationConnection { edges: [DiscountApplicationEdge!]! nodes: [DiscountApplication!]! pageInfo: PageInfo! }
type DiscountAllocation { allocatedAmountSet: MoneyBag! discountApplication: DiscountApplication! }

type LineItem implements Node {
  id: ID!
  name: String!
  title: String!
  sku: String
  quantity: Int!
  currentQuantity: Int!
  unfulfilledQuantity: Int!
  variant: ProductVariant
  product: Product
  originalUnitPriceSet: MoneyBag!
  originalTotalSet: MoneyBag!
  totalDiscountSet: MoneyBag!
  discountedTotalSet: MoneyBag!
  discountAllocations: [DiscountAllocation!]!
  taxLines(first: Int): [TaxLine!]!
  taxable: Boolean!
}
type LineItemEdge { cursor: String! node: LineItem! }
type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }

type ShippingLine { id: ID title: String! code: String originalPriceSet: MoneyBag! discountedPriceSet: MoneyBag! taxLines: [TaxLine!]! }
type ShippingLineEdge { cursor: String! node: ShippingLine! }
type ShippingLineConnection { edges: [ShippingLineEdge!]! nodes: [ShippingLine!]! pageInfo: PageInfo! }

type OrderTransaction implements Node {
  id: ID!
  kind: OrderTransactionKind!
  status: OrderTransactionStatus!
  gateway: String
  test: Boolean!
  amountSet: MoneyBag!
  createdAt: DateTime!
  processedAt: DateTime
  authorizationExpiresAt: DateTime
  parentTransaction: OrderTransaction
}
type OrderTransactionEdge { cursor: String! node: OrderTransaction! }
type OrderTransactionConnection { edges: [OrderTransactionEdge!]! nodes: [OrderTransaction!]! pageInfo: PageInfo! }

type RefundLineItem {
  id: ID
  lineItem: LineItem!
  quantity: Int!
  restockType: RefundLineItemRestockType!
  restocked: Boolean!
  priceSet: MoneyBag!
  subtotalSet: MoneyBag!
  totalTaxSet: MoneyBag!
}
type RefundLineItemEdge { cursor: String! node: RefundLineItem! }
type RefundLineItemConnection { edges: [RefundLineItemEdge!]! nodes: [RefundLineItem!]! pageInfo: PageInfo! }
type Refund implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  note: String
  createdAt: DateTime
  updatedAt: DateTime!
  totalRefundedSet: MoneyBag!
  refundLineItems(first: Int, after: String): RefundLineItemConnection!
  transactions(first: Int, after: String): OrderTransactionConnection!
  order: Order!
}

type Fulfillment implements Node { id: ID! status: FulfillmentStatus! createdAt: DateTime! updatedAt: DateTime! }

type Order implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  email: String
  phone: String
  note: String
  tags: [String!]!
  test: Boolean!
  edited: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
  processedAt: DateTime!
  cancelledAt: DateTime
  closedAt: DateTime
  currencyCode: CurrencyCode!
  presentmentCurrencyCode: CurrencyCode!
  taxesIncluded: Boolean!
  displayFinancialStatus: OrderDisplayFinancialStatus
  displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  customer: Customer
  discountCodes: [String!]!
  subtotalPriceSet: MoneyBag
  totalDiscountsSet: MoneyBag
  totalShippingPriceSet: MoneyBag!
  totalTaxSet: MoneyBag
  totalPriceSet: MoneyBag!
  totalRefundedSet: MoneyBag!
  totalReceivedSet: MoneyBag!
  totalOutstandingSet: MoneyBag!
  currentTotalPriceSet: MoneyBag!
  taxLines: [TaxLine!]!
  lineItems(first: Int, after: String): LineItemConnection!
  shippingLines(first: Int, after: String): ShippingLineConnection!
  discountApplications(first: Int, after: String): DiscountApplicationConnection!
  transactions(first: Int): [OrderTransaction!]!
  refunds(first: Int): [Refund!]!
  fulfillments(first: Int): [Fulfillment!]!
}
type OrderEdge { cursor: String! node: Order! }
type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

enum ProductStatus { ACTIVE ARCHIVED DRAFT }
enum ProductSortKeys { CREATED_AT ID INVENTORY_TOTAL PRODUCT_TYPE PUBLISHED_AT RELEVANCE TITLE UPDATED_AT VENDOR }
type Product implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  handle: String!
  status: ProductStatus!
  vendor: String!
  productType: String!
  createdAt: DateTime!
  updatedAt: DateTime!
  variants(first: Int, after: String): ProductVariantConnection!
}
type ProductEdge { cursor: String! node: Product! }
type ProductConnection { edges: [ProductEdge!]! nodes: [Product!]! pageInfo: PageInfo! }
type ProductVariant implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  sku: String
  price: Money!
  compareAtPrice: Money
  inventoryQuantity: Int
  createdAt: DateTime!
  updatedAt: DateTime!
  product: Product!
  inventoryItem: InventoryItem!
}
type ProductVariantEdge { cursor: String! node: ProductVariant! }
type ProductVariantConnection { edges: [ProductVariantEdge!]! nodes: [ProductVariant!]! pageInfo: PageInfo! }

type InventoryItem implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  sku: String
  tracked: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
  variant: ProductVariant
  inventoryLevel(locationId: ID!): InventoryLevel
  inventoryLevels(first: Int, after: String): InventoryLevelConnection!
}
type InventoryItemEdge { cursor: String! node: InventoryItem! }
type InventoryItemConnection { edges: [InventoryItemEdge!]! nodes: [InventoryItem!]! pageInfo: PageInfo! }
type InventoryQuantity { id: ID! name: String! quantity: Int! updatedAt: DateTime }
type InventoryLevel implements Node {
  id: ID!
  location: Location!
  item: InventoryItem!
  quantities(names: [String!]!): [InventoryQuantity!]!
  createdAt: DateTime!
  updatedAt: DateTime!
}
type InventoryLevelEdge { cursor: String! node: InventoryLevel! }
type InventoryLevelConnection { edges: [InventoryLevelEdge!]! nodes: [InventoryLevel!]! pageInfo: PageInfo! }
type Location implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  isActive: Boolean!
  inventoryLevels(first: Int, after: String): InventoryLevelConnection!
}
type LocationEdge { cursor: String! node: Location! }
type LocationConnection { edges: [LocationEdge!]! nodes: [Location!]! pageInfo: PageInfo! }

input CustomerIdentifierInput { id: ID emailAddress: String phoneNumber: String customId: UniqueMetafieldValueInput }

type QueryRoot {
  shop: Shop!
  currentAppInstallation: AppInstallation!
  node(id: ID!): Node
  customer(id: ID!): Customer
  customerByIdentifier(identifier: CustomerIdentifierInput!): Customer
  customers(first: Int, after: String, last: Int, before: String, query: String, sortKey: CustomerSortKeys = ID, reverse: Boolean = false): CustomerConnection!
  order(id: ID!): Order
  orders(first: Int, after: String, last: Int, before: String, query: String, sortKey: OrderSortKeys = PROCESSED_AT, reverse: Boolean = false): OrderConnection!
  refund(id: ID!): Refund
  product(id: ID!): Product
  products(first: Int, after: String, last: Int, before: String, query: String, sortKey: ProductSortKeys = ID, reverse: Boolean = false): ProductConnection!
  productVariant(id: ID!): ProductVariant
  inventoryItem(id: ID!): InventoryItem
  inventoryItems(first: Int, after: String, last: Int, before: String, query: String, reverse: Boolean = false): InventoryItemConnection!
  inventoryLevel(id: ID!): InventoryLevel
  location(id: ID): Location
  locations(first: Int, after: String, last: Int, before: String, query: String, reverse: Boolean = false): LocationConnection!
}

type UserError { field: [String!] message: String! }
enum CustomerSetUserErrorCode { BLANK INVALID TAKEN TOO_LONG NOT_FOUND CUSTOMER_DOES_NOT_EXIST INVALID_IDENTIFIER }
type CustomerSetUserError { field: [String!] message: String! code: CustomerSetUserErrorCode }

input CustomerInput {
  id: ID email: String firstName: String lastName: String phone: String note: String tags: [String!] metafields: [MetafieldInput!]
}
input CustomerSetInput { email: String firstName: String lastName: String phone: String note: String tags: [String!] }
input CustomerSetIdentifiers { id: ID email: String phone: String customId: UniqueMetafieldValueInput }
input CustomerDeleteInput { id: ID! }
type CustomerCreatePayload { customer: Customer userErrors: [UserError!]! }
type CustomerUpdatePayload { customer: Customer userErrors: [UserError!]! }
type CustomerSetPayload { customer: Customer userErrors: [CustomerSetUserError!]! }
type CustomerDeletePayload { deletedCustomerId: ID userErrors: [UserError!]! }

input OrderInput { id: ID! email: String note: String tags: [String!] }
type OrderUpdatePayload { order: Order userErrors: [UserError!]! }

input OrderCaptureInput { id: ID! parentTransactionId: ID! amount: Decimal! currency: CurrencyCode }
type OrderCapturePayload { transaction: OrderTransaction userErrors: [UserError!]! }

input RefundLineItemInput { lineItemId: ID! quantity: Int! restockType: RefundLineItemRestockType locationId: ID }
input ShippingRefundInput { amount: Decimal fullRefund: Boolean }
input OrderTransactionInput { amount: Decimal! gateway: String! kind: OrderTransactionKind! orderId: ID! parentId: ID }
input RefundInput {
  orderId: ID! note: String notify: Boolean currency: CurrencyCode
  refundLineItems: [RefundLineItemInput!] shipping: ShippingRefundInput transactions: [OrderTransactionInput!]
}
type RefundCreatePayload { order: Order refund: Refund userErrors: [UserError!]! }

enum InventorySetQuantitiesUserErrorCode { INVALID_INVENTORY_ITEM INVALID_LOCATION INVALID_QUANTITY_NAME INVALID_REASON COMPARE_QUANTITY_REQUIRED COMPARE_QUANTITY_STALE CHANGE_FROM_QUANTITY_STALE ITEM_NOT_STOCKED_AT_LOCATION NON_MUTABLE_INVENTORY_ITEM INVALID_QUANTITY_NEGATIVE INVALID_QUANTITY_TOO_HIGH }
type InventorySetQuantitiesUserError { field: [String!] message: String! code: InventorySetQuantitiesUserErrorCode }
input InventoryQuantityInput { inventoryItemId: ID! locationId: ID! quantity: Int! compareQuantity: Int changeFromQuantity: Int }
input InventorySetQuantitiesInput { reason: String! name: String! referenceDocumentUri: String ignoreCompareQuantity: Boolean = false quantities: [InventoryQuantityInput!]! }
input InventoryChangeInput { delta: Int! inventoryItemId: ID! locationId: ID! }
input InventoryAdjustQuantitiesInput { reason: String! name: String! referenceDocumentUri: String changes: [InventoryChangeInput!]! }
type InventoryChange { name: String! delta: Int! quantityAfterChange: Int item: InventoryItem location: Location }
type InventoryAdjustmentGroup { id: ID! createdAt: DateTime! reason: String! referenceDocumentUri: String changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]! }
type InventorySetQuantitiesPayload { inventoryAdjustmentGroup: InventoryAdjustmentGroup userErrors: [InventorySetQuantitiesUserError!]! }
type InventoryAdjustQuantitiesPayload { inventoryAdjustmentGroup: InventoryAdjustmentGroup userErrors: [InventorySetQuantitiesUserError!]! }

enum MetafieldOwnerType { COLLECTION COMPANY CUSTOMER LOCATION ORDER PRODUCT PRODUCTVARIANT }
input MetafieldDefinitionInput { name: String! namespace: String key: String! type: String! ownerType: MetafieldOwnerType! description: String }
type MetafieldDefinitionType { name: String! }
type MetafieldDefinition { id: ID! name: String! namespace: String! key: String! type: MetafieldDefinitionType! ownerType: MetafieldOwnerType! }
enum MetafieldDefinitionCreateUserErrorCode { BLANK INCLUSION INVALID TAKEN TOO_LONG UNSTRUCTURED_ALREADY_EXISTS }
type MetafieldDefinitionCreateUserError { field: [String!] message: String! code: MetafieldDefinitionCreateUserErrorCode }
type MetafieldDefinitionCreatePayload { createdDefinition: MetafieldDefinition userErrors: [MetafieldDefinitionCreateUserError!]! }

type Mutation {
  metafieldDefinitionCreate(definition: MetafieldDefinitionInput!): MetafieldDefinitionCreatePayload
  customerCreate(input: CustomerInput!): CustomerCreatePayload
  customerUpdate(input: CustomerInput!): CustomerUpdatePayload
  customerSet(identifier: CustomerSetIdentifiers, input: CustomerSetInput!): CustomerSetPayload
  customerDelete(input: CustomerDeleteInput!): CustomerDeletePayload
  orderUpdate(input: OrderInput!): OrderUpdatePayload
  orderCapture(input: OrderCaptureInput!): OrderCapturePayload
  refundCreate(input: RefundInput!): RefundCreatePayload
  inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
  inventoryAdjustQuantities(input: InventoryAdjustQuantitiesInput!): InventoryAdjustQuantitiesPayload
}

schema { query: QueryRoot mutation: Mutation }
`;

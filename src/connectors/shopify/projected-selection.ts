import type { ShopifyObject } from './shopify-objects.ts';

/**
 * A GraphQL selection of only the paths a contract maps, with its requested cost per node.
 *
 * Why: Shopify prices a query by what it selects (an object 1 point, a connection 2 plus `first`
 * times a node), and the bucket restores 50 points a second on a standard plan. The connector's
 * full order selection (refunds, transactions, tax and shipping lines, nine money sets) requests
 * 268 points per order, so a page holds 3 orders, and its actual cost is ~57 points per order:
 * 81 orders took 145 s to capture in the demo. The example contract's order mapping (name,
 * customer, date, status, total, lines with sku, quantity and two prices) requests 56 points per
 * order (17 a page) and actually costs ~16 — measured against the simulator's cost calculator.
 *
 * The record's own keys (`id`, `legacyResourceId`, `updatedAt`, the external id metafield) are
 * always selected. Arguments come from the object's `arguments` (a connection's `first`);
 * a connection's lines are read as the contract writes them (`lineItems.nodes.sku`).
 *
 * @example
 *   projectedSelection(SHOPIFY_OBJECTS.Order!, ['name', 'totalPriceSet.shopMoney.amount']);
 *   // { selection: 'id legacyResourceId updatedAt name totalPriceSet { shopMoney { amount } }', nodeCost: 2 }
 */
export interface ProjectedSelection {
  selection: string;
  /** Requested cost of one node, excluding the node's own point (as ShopifyObject.nodeCost). */
  nodeCost: number;
}

/** How a field with arguments is selected and priced: `(first: 10)` on a connection of 10. */
export interface FieldArguments {
  args: string;
  /** Nodes the field may return (`first`); a connection adds its own 2 points. */
  size: number;
  connection: boolean;
}

interface Tree {
  children: Map<string, Tree>;
}

const ALWAYS = ['id', 'legacyResourceId', 'updatedAt'];
/** A connection's sublists: priced per node by the connection, not as objects of their own. */
const CONNECTION_PARTS = new Set(['nodes', 'edges', 'node']);

export function projectedSelection(object: ShopifyObject, paths: readonly string[]): ProjectedSelection {
  const root: Tree = { children: new Map() };
  for (const path of [...ALWAYS, ...paths]) {
    let at = root;
    for (const segment of path.split('.')) {
      if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(segment)) break;
      let next = at.children.get(segment);
      if (!next) {
        next = { children: new Map() };
        at.children.set(segment, next);
      }
      at = next;
    }
  }
  // The external id is read through an aliased metafield, never by its alias as a path.
  root.children.delete('externalId');
  const { text, cost } = render(root, object.arguments ?? {}, false);
  const eid = object.keyedByExternalId
    ? ' externalId: metafield(namespace: $eidNamespace, key: $eidKey) { value }'
    : '';
  return { selection: `${text}${eid}`, nodeCost: cost + (object.keyedByExternalId ? 1 : 0) };
}

function render(
  tree: Tree,
  args: Readonly<Record<string, FieldArguments>>,
  insideConnection: boolean,
): { text: string; cost: number } {
  const parts: string[] = [];
  let cost = 0;
  for (const [name, child] of tree.children) {
    if (child.children.size === 0) {
      parts.push(name);
      continue;
    }
    const inner = render(child, args, args[name]?.connection === true);
    const arg = args[name];
    if (arg?.connection) {
      parts.push(`${name}${arg.args} { pageInfo { hasNextPage } ${inner.text} }`);
      cost += 2 + arg.size * (1 + inner.cost);
    } else if (insideConnection && CONNECTION_PARTS.has(name)) {
      // `nodes { … }` inside a connection: the connection already priced each node.
      parts.push(`${name} { ${inner.text} }`);
      cost += inner.cost;
    } else if (arg) {
      parts.push(`${name}${arg.args} { ${inner.text} }`);
      cost += arg.size * (1 + inner.cost);
    } else {
      parts.push(`${name} { ${inner.text} }`);
      cost += 1 + inner.cost;
    }
  }
  return { text: parts.join(' '), cost };
}

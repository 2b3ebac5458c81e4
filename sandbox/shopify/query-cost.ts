import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/**
 * Shopify's calculated query cost (shopify.dev "GraphQL Admin API rate limits"): scalars and
 * enums cost 0, an object 1, a connection 2 plus `first` (or `last`) times the cost of one node,
 * a mutation 10; an interface or union costs the most expensive of its possible selections. The
 * requested cost is computed from the document before execution; the actual cost from the
 * response, where a null object costs nothing and a connection is charged for the edges it
 * really returned.
 *
 * @example
 *   const requested = requestedCost(schema, operation, fragments, variables);
 *   const actual = actualCost(schema, operation, fragments, variables, result.data);
 */
export const MUTATION_COST = 10;
export const CONNECTION_COST = 2;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const walk: Walk = { schema, fragments, variables };
  const root = rootType(schema, operation);
  if (!root) return 0;
  return selectionCost(walk, root, operation.selectionSet, undefined, operation.operation === 'mutation');
}

export function actualCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data: unknown,
): number {
  const walk: Walk = { schema, fragments, variables };
  const root = rootType(schema, operation);
  if (!root || data === null || data === undefined) return 0;
  return selectionCost(
    walk,
    root,
    operation.selectionSet,
    data as Record<string, unknown>,
    operation.operation === 'mutation',
  );
}

function rootType(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): GraphQLCompositeType | undefined {
  return (operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType()) ?? undefined;
}

/**
 * Cost of a selection set on `type`. Fields that apply to every possible type are summed; the
 * fragments that narrow to a concrete type are summed per type, and the most expensive type wins.
 * With `data`, children are costed from what was actually returned.
 */
function selectionCost(
  walk: Walk,
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  data: Record<string, unknown> | undefined,
  mutationRoot = false,
): number {
  let common = 0;
  const narrowed = new Map<string, number>();
  const visit = (selections: SelectionSetNode, condition: GraphQLNamedType | undefined): void => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const cost = fieldCost(walk, type, selection, data, mutationRoot);
        if (condition && condition !== type && isObjectType(condition)) {
          narrowed.set(condition.name, (narrowed.get(condition.name) ?? 0) + cost);
        } else common += cost;
        continue;
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments[selection.name.value];
      if (!fragment) continue;
      const on = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : undefined;
      visit(fragment.selectionSet, on && isObjectType(on) ? on : condition);
    }
  };
  visit(set, undefined);
  return common + Math.max(0, ...narrowed.values());
}

function fieldCost(
  walk: Walk,
  parent: GraphQLCompositeType,
  node: FieldNode,
  data: Record<string, unknown> | undefined,
  mutationRoot: boolean,
): number {
  const name = node.name.value;
  if (name.startsWith('__')) return 0;
  if (mutationRoot) return MUTATION_COST;
  const field = fieldOf(walk, parent, name);
  if (!field) return 0;
  const named = getNamedType(field.type);
  if (isLeafType(named) || !isCompositeType(named) || !node.selectionSet) return 0;
  const key = node.alias?.value ?? name;
  const value = data === undefined ? undefined : data[key];
  if (data !== undefined && (value === null || value === undefined)) return 0;
  const args = argumentValues(walk, field, node);
  if (named.name.endsWith('Connection')) {
    return (
      CONNECTION_COST +
      connectionNodesCost(walk, named, node.selectionSet, args, value as Record<string, unknown> | undefined)
    );
  }
  if (isListType(getNullableType(field.type))) {
    if (data !== undefined) {
      return (value as unknown[]).reduce<number>(
        (acc, item) =>
          acc +
          (item === null
            ? 0
            : 1 + selectionCost(walk, named, node.selectionSet!, item as Record<string, unknown>)),
        0,
      );
    }
    const size = typeof args.first === 'number' ? args.first : 1;
    return size * (1 + selectionCost(walk, named, node.selectionSet, undefined));
  }
  return 1 + selectionCost(walk, named, node.selectionSet, value as Record<string, unknown> | undefined);
}

/** `size × (1 + node selections)`, where the node is reached through `edges.node` or `nodes`. */
function connectionNodesCost(
  walk: Walk,
  connection: GraphQLCompositeType,
  set: SelectionSetNode,
  args: Record<string, unknown>,
  data: Record<string, unknown> | undefined,
): number {
  const requestedSize =
    typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : 0;
  let best = 0;
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD || !selection.selectionSet) continue;
    const key = selection.alias?.value ?? selection.name.value;
    const sub = fieldOf(walk, connection, selection.name.value);
    if (!sub) continue;
    const subType = getNamedType(sub.type);
    if (!isCompositeType(subType)) continue;
    if (selection.name.value === 'nodes') {
      const items = data ? ((data[key] as Record<string, unknown>[] | undefined) ?? []) : undefined;
      const cost = items
        ? items.reduce(
            (acc, item) => acc + 1 + selectionCost(walk, subType, selection.selectionSet!, item),
            0,
          )
        : requestedSize * (1 + selectionCost(walk, subType, selection.selectionSet, undefined));
      best = Math.max(best, cost);
    } else if (selection.name.value === 'edges') {
      const nodeField = selection.selectionSet.selections.find(
        (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'node',
      );
      const nodeType = getNamedType(fieldOf(walk, subType, 'node')?.type ?? subType);
      if (!nodeField?.selectionSet || !isCompositeType(nodeType)) continue;
      const nodeKey = nodeField.alias?.value ?? 'node';
      const edges = data ? ((data[key] as Record<string, unknown>[] | undefined) ?? []) : undefined;
      const cost = edges
        ? edges.reduce(
            (acc, edge) =>
              acc +
              1 +
              selectionCost(
                walk,
                nodeType,
                nodeField.selectionSet!,
                edge[nodeKey] as Record<string, unknown>,
              ),
            0,
          )
        : requestedSize * (1 + selectionCost(walk, nodeType, nodeField.selectionSet, undefined));
      best = Math.max(best, cost);
    }
  }
  return best;
}

function fieldOf(
  walk: Walk,
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  if (isAbstractType(parent)) return undefined;
  return walk.schema.getQueryType()?.getFields()[name];
}

function argumentValues(
  walk: Walk,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const arg of node.arguments ?? []) {
    values[arg.name.value] =
      arg.value.kind === Kind.VARIABLE
        ? walk.variables[arg.value.name.value]
        : valueFromASTUntyped(arg.value, walk.variables);
  }
  for (const def of field.args)
    if (!(def.name in values) && def.defaultValue !== undefined) values[def.name] = def.defaultValue;
  return values;
}

// Regenerates spec/schema.graphql: the subset of Linear's public schema that the SDK documents this
// package sends actually select, descriptions stripped. Run by hand: node packages/linear/scripts/vendor-spec.mjs path/to/schema.graphql
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema, extendSchema, getNamedType, GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType,
  parse, printSchema, TypeInfo, validate, visit, visitWithTypeInfo, GraphQLObjectType, GraphQLInputObjectType, GraphQLUnionType, GraphQLInterfaceType,
} from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));
// The upstream file is given on the command line: nothing here points at one machine's paths.
if (!process.argv[2]) {
  console.error('usage: node packages/linear/scripts/vendor-spec.mjs <path to schema.graphql> (packages/sdk/src/schema.graphql of github.com/linear/linear)');
  process.exit(2);
}
const source = resolve(process.argv[2]);
const sdkEntry = createRequire(import.meta.url).resolve('@linear/sdk');

// The SDK operations the adapter, the simulator's tests and the demo send.
export const DOCUMENTS = [
  'CreateIssueDocument', 'UpdateIssueDocument', 'ArchiveIssueDocument', 'UnarchiveIssueDocument', 'DeleteIssueDocument',
  'CreateCommentDocument', 'DeleteCommentDocument', 'CreateIssueRelationDocument', 'DeleteIssueRelationDocument',
  'IssueAddLabelDocument', 'IssueRemoveLabelDocument',
  'IssueDocument', 'IssuesDocument', 'CommentDocument', 'IssueRelationDocument',
  'Issue_CommentsDocument', 'Issue_RelationsDocument', 'Issue_InverseRelationsDocument', 'ViewerDocument',
  // What the SDK's models fetch when a person's client follows them: issue.labels(), issue.state, comment edits.
  'Issue_LabelsDocument', 'WorkflowStateDocument', 'UpdateCommentDocument',
  // A person's attachments (a link, a pull request, a file) on an issue: what the tests' people send and read.
  'CreateAttachmentDocument', 'AttachmentLinkUrlDocument', 'DeleteAttachmentDocument', 'AttachmentDocument', 'Issue_AttachmentsDocument',
];
// The package's own documents: the adapter's (every literal marked /* GraphQL */ in src/documents.ts,
// sent through the SDK's GraphQL client) and the live conformance workspace's sandbox query.
export const OWN_DOCUMENTS = ['src/documents.ts', 'src/conformance/sandbox.graphql'];
// Fields the SDK in use selects that the schema's commit does not have yet, typed as the SDK's own
// declarations type them (index.d.mts: `groupType?: Maybe<LabelGroupType>`, `enum LabelGroupType`).
const SDK_NEWER_FIELDS = `
enum LabelGroupType { multiSelect singleSelect }
extend type IssueLabel { groupType: LabelGroupType }
`;
// Filter inputs are recursive and vast; keep only the fields the adapter and the conformance workspace filter on.
const FILTER_FIELDS = {
  IssueFilter: ['id', 'team', 'title', 'and', 'or'],
  TeamFilter: ['id'],
  WorkflowStateFilter: ['team'],
  IssueLabelFilter: ['name'],
  IDComparator: ['eq', 'neq', 'in', 'nin'],
  StringComparator: ['eq', 'eqIgnoreCase', 'neq', 'in'],
};
const isFilter = (name) => /(Filter|Comparator)$/.test(name);
const filterFields = (name) => FILTER_FIELDS[name] ?? (name.endsWith('Comparator') ? ['eq', 'neq', 'in', 'nin'] : ['id']);

const full = extendSchema(buildSchema(readFileSync(source, 'utf8')), parse(SDK_NEWER_FIELDS));
/** A .graphql file as it is; a TypeScript module's /* GraphQL *\/ literals (no interpolation) as one document. */
const ownDocument = (file) => {
  const text = readFileSync(join(here, '..', file), 'utf8');
  return file.endsWith('.ts') ? [...text.matchAll(/\/\* GraphQL \*\/ `([^`]*)`/g)].map((match) => match[1]).join('\n') : text;
};
const sdkText = readFileSync(sdkEntry, 'utf8');
const sources = [
  ...DOCUMENTS.map((name) => {
    const match = new RegExp(`const ${name} = new TypedDocumentString\\(\`([\\s\\S]*?)\`[,)]`).exec(sdkText);
    if (!match) throw new Error(`${name} not found in ${sdkEntry}`);
    return [name, match[1]];
  }),
  ...OWN_DOCUMENTS.map((file) => [file, ownDocument(file)]),
];
const documents = sources.map(([name, text]) => {
  const document = parse(text);
  const errors = validate(full, document);
  if (errors.length) throw new Error(`${name} does not validate against the full schema: ${errors[0].message}`);
  return document;
});

// Output fields selected, per type; input and enum types referenced.
const used = new Map();
const keepType = new Set();
const use = (typeName, fieldName) => {
  if (!used.has(typeName)) used.set(typeName, new Set());
  if (fieldName) used.get(typeName).add(fieldName);
};
for (const document of documents) {
  const typeInfo = new TypeInfo(full);
  visit(document, visitWithTypeInfo(typeInfo, {
    Field() {
      const parent = typeInfo.getParentType();
      const field = typeInfo.getFieldDef();
      if (!parent || !field) return;
      use(parent.name, field.name);
      if (isInterfaceType(parent)) for (const impl of full.getPossibleTypes(parent)) if (impl.getFields()[field.name]) use(impl.name, field.name);
      for (const arg of field.args) keepType.add(getNamedType(arg.type).name);
      keepType.add(getNamedType(field.type).name);
    },
    InlineFragment(node) { if (node.typeCondition) use(node.typeCondition.name.value); },
    FragmentDefinition(node) { use(node.typeCondition.name.value); },
    VariableDefinition(node) { let t = node.type; while (t.type) t = t.type; keepType.add(t.name.value); },
  }));
}
// Close input types over their fields.
const pending = [...keepType];
while (pending.length) {
  const type = full.getType(pending.pop());
  if (!isInputObjectType(type)) continue;
  for (const field of Object.values(type.getFields())) {
    if (isFilter(type.name) && !filterFields(type.name).includes(field.name)) continue;
    const named = getNamedType(field.type).name;
    if (!keepType.has(named)) { keepType.add(named); pending.push(named); }
  }
}

const cache = new Map();
function rebuild(type) {
  if (cache.has(type.name)) return cache.get(type.name);
  if (isScalarType(type) || isEnumType(type)) {
    const copy = isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name) ? type : new type.constructor({ ...type.toConfig(), description: undefined, ...(isEnumType(type) ? { values: Object.fromEntries(Object.entries(type.toConfig().values).map(([k, v]) => [k, { ...v, description: undefined }])) } : {}) });
    cache.set(type.name, copy);
    return copy;
  }
  if (isInputObjectType(type)) {
    const config = type.toConfig();
    const copy = new GraphQLInputObjectType({
      name: type.name,
      fields: () => Object.fromEntries(Object.entries(config.fields)
        .filter(([name]) => !isFilter(type.name) || filterFields(type.name).includes(name))
        .map(([name, field]) => [name, { ...field, description: undefined, type: mapType(field.type) }])),
    });
    cache.set(type.name, copy);
    return copy;
  }
  if (isObjectType(type) || isInterfaceType(type)) {
    const config = type.toConfig();
    const fields = used.get(type.name) ?? new Set();
    const Kind = isObjectType(type) ? GraphQLObjectType : GraphQLInterfaceType;
    const copy = new Kind({
      name: type.name,
      ...(isObjectType(type) ? { interfaces: () => config.interfaces.filter((i) => used.has(i.name)).map((i) => rebuild(i)) } : { interfaces: () => [] }),
      fields: () => Object.fromEntries(Object.entries(config.fields).filter(([name]) => fields.has(name)).map(([name, field]) => [name, {
        type: mapType(field.type),
        deprecationReason: field.deprecationReason,
        args: Object.fromEntries(Object.entries(field.args ?? {}).map(([argName, arg]) => [argName, { ...arg, description: undefined, type: mapType(arg.type) }])),
      }])),
    });
    cache.set(type.name, copy);
    return copy;
  }
  if (isUnionType(type)) {
    const config = type.toConfig();
    const copy = new GraphQLUnionType({ name: type.name, types: () => config.types.filter((member) => used.has(member.name)).map((member) => rebuild(member)) });
    cache.set(type.name, copy);
    return copy;
  }
  throw new Error(`unexpected type ${type}`);
}
function mapType(type) {
  if (type.ofType) return new type.constructor(mapType(type.ofType));
  return rebuild(type);
}

const subset = new GraphQLSchema({
  query: rebuild(full.getQueryType()),
  mutation: rebuild(full.getMutationType()),
  types: [...used.keys(), ...keepType].map((name) => full.getType(name)).filter(Boolean).map(rebuild),
});
for (const [index, document] of documents.entries()) {
  const errors = validate(subset, document);
  if (errors.length) throw new Error(`${sources[index][0]} does not validate against the subset: ${errors[0].message}`);
}
const sdkVersion = JSON.parse(readFileSync(join(dirname(sdkEntry), '../package.json'), 'utf8')).version;
const header = [
  '# A subset of Linear\'s public GraphQL schema: only the types and fields selected by the @linear/sdk',
  `# documents this package sends (@linear/sdk ${sdkVersion}: ${DOCUMENTS.join(', ')}) and its own (${OWN_DOCUMENTS.join(', ')}), descriptions stripped.`,
  '# Source: linear/linear, packages/sdk/src/schema.graphql, commit 8335e09 (2026-07-22), MIT; plus what the SDK selects that this commit lacks (IssueLabel.groupType, enum LabelGroupType).',
  '# Regenerate with: node packages/linear/scripts/vendor-spec.mjs path/to/schema.graphql',
  '',
].join('\n');
writeFileSync(join(here, '../spec/schema.graphql'), header + printSchema(subset) + '\n');
console.log(`spec/schema.graphql: ${Object.keys(subset.getTypeMap()).filter((n) => !n.startsWith('__')).length} types`);

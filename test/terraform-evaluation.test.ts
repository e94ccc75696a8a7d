import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import { lint } from '../src/lint.js';
import { syntaxOf } from '../src/normalize/terraform/body.js';
import { Budget } from '../src/normalize/terraform/expressions/budget.js';
import { Evaluator } from '../src/normalize/terraform/expressions/evaluate.js';
import { hasUnknown, toJson, type Value } from '../src/normalize/terraform/expressions/values.js';
import { parseHcl } from '../src/parse/hcl.js';
import { formatSarif } from '../src/report/sarif.js';
import { writeTree } from './helpers/temp-tree.js';

const UNKNOWN = '(unknown)';

/** The value of one HCL expression with no names in scope, as plain JSON (UNKNOWN when not static). */
async function value(expression: string, budget = new Budget()): Promise<unknown> {
  const { body, problems } = await parseHcl(`x = ${expression}\n`);
  expect(problems).toEqual([]);
  const node = body.entries[0]!.value;
  const result: Value = node.type === 'expr' ? new Evaluator(budget, { lookup: () => undefined }, {}).evaluate(syntaxOf(node)!, node.text) : node;
  return hasUnknown(result) ? UNKNOWN : toJson(result);
}

describe('expressions', () => {
  it.each([
    ['true ? "a" : "b"', 'a'],
    ['1 + 2 * 3 == 7 && !false', true],
    ['"${upper("eks")}-%{if 1 > 0}on%{else}off%{endif}"', 'EKS-on'],
    ['"%{for k, v in {b = 2, a = 1}}${k}=${v};%{endfor}"', 'a=1;b=2;'],
    ['[for s in ["a", "b"] : upper(s) if s != "b"]', ['A']],
    ['{for k, v in {a = 1, b = 2} : v => k}', { '1': 'a', '2': 'b' }],
    ['{for s in ["a", "a", "b"] : s => s...}', { a: ['a', 'a'], b: ['b'] }],
    ['[{n = 1}, {n = 2}][*].n', [1, 2]],
    ['concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
    ['merge({a = 1, b = 1}, {b = 2}, null)', { a: 1, b: 2 }],
    ['lookup({a = 1}, "b", 3)', 3],
    ['try({a = 1}.b, "fallback")', 'fallback'],
    ['can({a = 1}.b)', false],
    ['coalesce(null, "", "x")', 'x'],
    ['coalescelist([], ["a"])', ['a']],
    ['contains(["a", "b"], "b")', true],
    ['length({a = 1, b = 2})', 2],
    ['element(["a", "b"], 3)', 'b'],
    ['toset(["b", "a", "b"])', ['a', 'b']],
    ['flatten([["a"], [["b"]], "c"])', ['a', 'b', 'c']],
    ['distinct(["a", "a", "b"])', ['a', 'b']],
    ['compact(["a", "", null])', ['a']],
    ['keys({b = 1, a = 2})', ['a', 'b']],
    ['values({b = 1, a = 2})', [2, 1]],
    ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
    ['format("%s-%03d", "node", 7)', 'node-007'],
    ['join(",", split("-", "a-b"))', 'a,b'],
    ['replace(lower(" X-Y "), "-", "_")', ' x_y '],
    ['trimspace("  x ")', 'x'],
    ['jsonencode({b = [1, true], a = null})', '{"a":null,"b":[1,true]}'],
    ['jsondecode("{\\"a\\": [1]}").a[0]', 1],
    ['yamldecode("a: [x]\\n").a', ['x']],
    ['base64decode(base64encode("secret"))', 'secret'],
    ['cidrsubnet("10.0.0.0/16", 8, 2)', '10.0.2.0/24'],
    ['tolist(tomap({a = 1}).*)', [{ a: 1 }]],
  ])('%s', async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });

  it.each([
    ['var.unset'],
    ['timestamp()'],
    ['not_a_function(1)'],
    ['file("/etc/passwd")'],
    ['var.unset ? "a" : "b"'],
    ['replace("a", "/a/", "b")'],
    ['{a = 1}.b'],
    ['templatefile("x.tpl", {})'],
  ])('%s is unknown, never an error', async (expression) => {
    expect(await value(expression)).toBe(UNKNOWN);
  });

  it('knows what an unknown cannot change', async () => {
    expect(await value('false && var.unset')).toBe(false);
    expect(await value('var.unset ? "same" : "same"')).toBe('same');
    expect(await value('length([var.unset, 1])')).toBe(2);
    expect(await value('concat([var.unset], ["b"])')).toBe(UNKNOWN);
  });

  it('stops at its step budget, however large the input asks to grow', async () => {
    expect(await value('range(100000000)')).toBe(UNKNOWN);
    expect(await value('[for i in range(5000) : [for j in range(5000) : i * j]]', new Budget(100_000))).toBe(UNKNOWN);
  });
});

// The clusters here have no add-ons; the add-on rules are exercised in eks-addons.test.ts.
const rules = loadRules().filter((r) => r.id !== 'eks-vpc-cni-addon-missing' && r.id !== 'eks-pod-identity-missing');
const trees: string[] = [];
afterAll(() => trees.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = writeTree(files);
  trees.push(dir);
  return dir;
}

const CLUSTER = (args: string) => `resource "aws_eks_cluster" "this" {
  name     = "c"
  role_arn = "r"
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
  encryption_config {
    resources = ["secrets"]
    provider { key_arn = "k" }
  }
  vpc_config {
${args}
    endpoint_private_access = true
  }
  access_config { authentication_mode = "API" }
}
`;

async function findings(dir: string, options: Parameters<typeof lint>[1] = {}) {
  const report = await lint([dir], { rules, cwd: dir, ...options });
  return report.findings.map((f) => `${f.ruleId} ${f.file.slice(dir.length + 1)}:${f.range.line} ${f.resource ?? ''}`);
}

describe('variables', () => {
  it('converts values to their declared object type, filling optional attributes', async () => {
    const dir = tree({
      'variables.tf': 'variable "cfg" {\n  type    = object({ public = optional(bool, true), cidrs = optional(list(string)) })\n  default = {}\n}\n',
      // Without the conversion, try() would take its fallback: the attribute is missing from `{}`.
      'main.tf': CLUSTER('    endpoint_public_access = try(var.cfg.public, false)\n    public_access_cidrs = coalesce(var.cfg.cidrs, ["0.0.0.0/0"])'),
    });
    expect(await findings(dir)).toEqual(['eks-public-endpoint-unrestricted main.tf:11 aws_eks_cluster.this']);
  });
});

describe('hostile Terraform', () => {
  it('keeps values that nest or grow without bound unknown, and judges the rest', async () => {
    const deep = Array.from({ length: 60 }, (_, i) => `  d${i} = ${'['.repeat(50)}${i < 59 ? `local.d${i + 1}` : '1'}${']'.repeat(50)}`);
    const doubling = Array.from({ length: 60 }, (_, i) => (i === 0 ? '  e0 = ["api"]\n  s0 = "x"' : `  e${i} = concat(local.e${i - 1}, local.e${i - 1})\n  s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"`));
    const dir = tree({
      'main.tf': [
        'locals {',
        ...deep,
        ...doubling,
        '}',
        'resource "aws_eks_cluster" "x" {',
        '  name                      = local.s59',
        '  enabled_cluster_log_types = concat(flatten(local.d0), local.e59)',
        '}',
      ].join('\n'),
    });
    const report = await lint([dir], { rules, cwd: dir });
    // Log types are unknown (too deep, too large): no logging finding; the rest is still judged.
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual([
      'eks-authentication-mode-config-map',
      'eks-cluster-creator-admin',
      'eks-private-endpoint-disabled',
      'eks-public-endpoint-unrestricted',
      'eks-secrets-not-encrypted',
    ]);
  });
});

describe('templatefile', () => {
  it('renders templates inside the scanned folder with only the variables it is given', async () => {
    const dir = tree({
      'stack/cidrs.tpl': '%{ for c in cidrs ~}\n${c},\n%{~ endfor ~}\n${extra}',
      'stack/leak.tpl': '${var.secret}',
      'outside.tpl': '0.0.0.0/0',
      'stack/main.tf': [
        'variable "secret" {\n  default = "0.0.0.0/0"\n}',
        'resource "aws_eks_cluster" "a" {',
        '  vpc_config {',
        '    public_access_cidrs = split(",", templatefile("${path.module}/cidrs.tpl", { cidrs = ["10.0.0.0/8"], extra = "0.0.0.0/0" }))',
        '  }',
        '}',
        'resource "aws_eks_cluster" "b" {',
        '  vpc_config {',
        '    public_access_cidrs = [templatefile("${path.module}/leak.tpl", {})]',
        '  }',
        '}',
        'resource "aws_eks_cluster" "c" {',
        '  vpc_config {',
        '    public_access_cidrs = [templatefile("../outside.tpl", {})]',
        '  }',
        '}',
      ].join('\n'),
    });
    const report = await lint([join(dir, 'stack')], { rules, cwd: dir });
    expect(report.findings.filter((f) => f.ruleId === 'eks-public-endpoint-unrestricted').map((f) => `${f.resource} ${f.range.line}`)).toEqual(['aws_eks_cluster.a 6']);
  });
});

describe('module calls', () => {
  it('names the call chain, reports in the module and points back at each call', async () => {
    const dir = tree({
      'main.tf': 'module "platform" {\n  source = "./platform"\n  public = true\n}\n',
      'platform/main.tf': 'variable "public" {}\nmodule "eks" {\n  source = "../eks"\n  public = var.public\n}\n',
      'eks/main.tf': 'variable "public" {\n  default = false\n}\n' + CLUSTER('    endpoint_public_access = var.public'),
    });
    const report = await lint([dir], { rules, cwd: dir });
    // platform/ and eks/ are judged on their own too, where `public` is unknown or false: no finding.
    expect(report.findings.map((f) => [f.ruleId, f.file.slice(dir.length + 1), f.range.line, f.resource])).toEqual([
      ['eks-public-endpoint-unrestricted', 'eks/main.tf', 13, 'module.platform.module.eks.aws_eks_cluster.this'],
    ]);
    const sarif = JSON.parse(formatSarif({ findings: report.findings, files: report.files, rules, cwd: dir, version: '0' })) as {
      runs: { results: { relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message: { text: string } }[] }[] }[];
    };
    const related = sarif.runs[0]!.results[0]!.relatedLocations!.map((r) => [r.physicalLocation.artifactLocation.uri, r.physicalLocation.region.startLine, r.message.text]);
    expect(related).toEqual([
      ['main.tf', 1, 'called as module.platform'],
      ['platform/main.tf', 2, 'called as module.platform.module.eks'],
    ]);
  });

  it('reports a finding once when the call and the module’s own defaults agree', async () => {
    const dir = tree({
      'main.tf': 'module "platform" {\n  source = "./platform"\n}\n',
      'platform/main.tf': 'module "eks" {\n  source = "../eks"\n}\nmodule "eks2" {\n  source = "../eks"\n  public = false\n}\n',
      'eks/main.tf': 'variable "public" {\n  default = true\n}\n' + CLUSTER('    endpoint_public_access = var.public'),
    });
    expect(await findings(dir)).toEqual(['eks-public-endpoint-unrestricted eks/main.tf:13 aws_eks_cluster.this']);
  });

  it('flows outputs back to the caller, and expands modules with for_each', async () => {
    const dir = tree({
      'main.tf': [
        'module "settings" {\n  source = "./settings"\n}',
        'module "eks" {',
        '  source   = "./eks"',
        '  for_each = module.settings.environments',
        '  public   = each.value',
        '}',
      ].join('\n'),
      'settings/main.tf': 'output "environments" {\n  value = { dev = true, prod = false }\n}\n',
      'eks/main.tf': 'variable "public" {}\n' + CLUSTER('    endpoint_public_access = var.public'),
    });
    expect(await findings(dir)).toEqual(['eks-public-endpoint-unrestricted eks/main.tf:11 module.eks["dev"].aws_eks_cluster.this']);
  });

  it('leaves outputs unknown when the code is not read or the instances are not known, even under try()', async () => {
    const dir = tree({
      'main.tf': [
        'variable "envs" {}',
        'module "kms" {\n  source = "terraform-aws-modules/kms/aws"\n}',
        'module "m" {\n  source   = "./m"\n  for_each = var.envs\n}',
        'resource "aws_eks_cluster" "a" {\n  vpc_config {\n    endpoint_public_access = try(module.kms.public, true)\n  }\n}',
        'resource "aws_eks_cluster" "b" {\n  vpc_config {\n    endpoint_public_access = try(module.m["dev"].public, true)\n  }\n}',
      ].join('\n'),
      'm/main.tf': 'output "other" {\n  value = 1\n}\n',
    });
    expect((await findings(dir)).filter((f) => f.startsWith('eks-public'))).toEqual([]);
  });

  it('follows calls into the rest of the repository when handed only one file', async () => {
    const dir = tree({
      'stack/main.tf': 'module "settings" {\n  source = "../settings"\n}\n' + CLUSTER('    endpoint_public_access = module.settings.public'),
      'settings/main.tf': 'output "public" {\n  value = true\n}\n',
    });
    const report = await lint([join(dir, 'stack', 'main.tf')], { rules, cwd: dir, context: dir });
    expect(report.findings.map((f) => `${f.ruleId} ${f.file.slice(dir.length + 1)}:${f.range.line}`)).toEqual(['eks-public-endpoint-unrestricted stack/main.tf:13']);
  });

  it('does not read a source outside the scanned folder, and says so', async () => {
    const dir = tree({ 'stack/main.tf': 'module "eks" {\n  source = "../outside"\n}\n', 'outside/main.tf': CLUSTER('    endpoint_public_access = true') });
    const report = await lint([join(dir, 'stack')], { rules, cwd: dir });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.range.line, f.message])).toEqual([
      ['skipped-file', 'info', 2, 'Module source "../outside" is outside the scanned folder; it was not read, so resources it declares are not checked.'],
    ]);
  });

  it('stops a module that calls itself', async () => {
    const dir = tree({ 'main.tf': 'module "again" {\n  source = "./"\n}\n' + CLUSTER('    endpoint_public_access = false') });
    const report = await lint([dir], { rules, cwd: dir });
    expect(report.findings.map((f) => f.ruleId)).toEqual(['skipped-file']);
  });

  it('never follows modules.json out of the root module’s folder', async () => {
    const dir = tree({
      'stack/main.tf': 'module "eks" {\n  source = "registry.example/eks/aws"\n}\n',
      'stack/.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: 'eks', Source: 'x', Dir: '../elsewhere' }] }),
      'elsewhere/main.tf': CLUSTER('    endpoint_public_access = true'),
    });
    expect(await findings(join(dir, 'stack'))).toEqual([]);
  });
});

describe('variables from the command line and the environment', () => {
  const files = {
    'variables.tf': 'variable "public" {\n  default = false\n}\n',
    'main.tf': CLUSTER('    endpoint_public_access = var.public'),
    'terraform.tfvars': 'public = true\n',
    'private.tfvars': 'public = false\n',
  };

  it('applies -var-file and -var in command-line order, above terraform.tfvars', async () => {
    const dir = tree(files);
    const at = ['eks-public-endpoint-unrestricted main.tf:10 aws_eks_cluster.this'];
    // private.tfvars is not auto-loaded: without it on the command line, `public` depends on it.
    expect(await findings(dir)).toEqual([]);
    expect(await findings(dir, { terraformVariables: [{ file: join(dir, 'private.tfvars') }] })).toEqual([]);
    expect(await findings(dir, { terraformVariables: [{ file: join(dir, 'private.tfvars') }, { assignment: 'public=true' }] })).toEqual(at);
    expect(await findings(dir, { terraformVariables: [{ assignment: 'public=true' }, { file: join(dir, 'private.tfvars') }] })).toEqual([]);
  });

  it('reads TF_VAR_ variables only when asked, below every .tfvars file', async () => {
    const dir = tree({ 'variables.tf': files['variables.tf'], 'main.tf': files['main.tf'] });
    const environment = { TF_VAR_public: 'true' };
    expect(await findings(dir)).toEqual([]);
    expect(await findings(dir, { terraformEnvironment: environment })).toEqual(['eks-public-endpoint-unrestricted main.tf:10 aws_eks_cluster.this']);
    const withTfvars = tree({ ...files, 'private.tfvars': '' , 'terraform.tfvars': 'public = false\n' });
    expect(await findings(withTfvars, { terraformEnvironment: environment })).toEqual([]);
  });

  it('reads list values written as HCL', async () => {
    const dir = tree({ 'variables.tf': 'variable "cidrs" {\n  default = ["10.0.0.0/8"]\n}\n', 'main.tf': CLUSTER('    public_access_cidrs = var.cidrs') });
    expect(await findings(dir, { terraformVariables: [{ assignment: 'cidrs=["0.0.0.0/0"]' }] })).toEqual([
      'eks-public-endpoint-unrestricted main.tf:10 aws_eks_cluster.this',
    ]);
  });
});

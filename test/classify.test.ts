import { describe, expect, it } from 'vitest';
import { candidateChartFolders, classifyDocuments, hasTemplateSyntax } from '../src/discover/classify.js';
import { parseYaml } from '../src/parse/yaml.js';

const classify = (source: string) => classifyDocuments(parseYaml(source).documents);

describe('classifyDocuments', () => {
  it('recognises CloudFormation by its version, by typed Resources, and as a bare resource map', () => {
    expect(classify('AWSTemplateFormatVersion: "2010-09-09"\n')).toBe('cloudformation');
    expect(classify('Resources:\n  Cluster:\n    Type: AWS::EKS::Cluster\n')).toBe('cloudformation');
    expect(classify('{"Resources": {"Fn": {"Type": "AWS::Serverless::Function"}}}')).toBe('cloudformation');
    expect(classify('{"LaunchTemplate": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {}}, "Hook": {"Type": "Custom::Hook"}}')).toBe('cloudformation');
  });

  it('does not take any map with a Resources or Type key for CloudFormation', () => {
    expect(classify('Resources:\n  cpu: 1\n')).toBeNull();
    expect(classify('Resources:\n  Thing:\n    Type: Custom::Only\n')).toBeNull();
    expect(classify('a: {Type: AWS::S3::Bucket}\nb: 1\n')).toBeNull();
    expect(classify('Type: AWS::S3::Bucket\n')).toBeNull();
  });

  it('recognises an eksctl ClusterConfig, even after other documents', () => {
    expect(classify('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c}\n')).toBe('eksctl');
    expect(classify('apiVersion: v1\nkind: Namespace\n---\napiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n')).toBe('eksctl');
  });

  it('takes other eksctl API versions and kinds for plain Kubernetes objects', () => {
    expect(classify('apiVersion: eksctl.io/v1alpha3\nkind: ClusterConfig\n')).toBe('kubernetes');
    expect(classify('apiVersion: eksctl.io/v1alpha5\nkind: NodeGroup\n')).toBe('kubernetes');
  });

  it('recognises Kubernetes by any document with string apiVersion and kind', () => {
    expect(classify('# header\n---\nfoo: bar\n---\napiVersion: apps/v1\nkind: Deployment\n')).toBe('kubernetes');
    expect(classify('{"apiVersion": "v1", "kind": "List", "items": []}')).toBe('kubernetes');
    expect(classify('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n')).toBe('kubernetes');
  });

  it('returns null for anything else, including broken and empty files', () => {
    expect(classify('')).toBeNull();
    expect(classify('replicaCount: 2\n')).toBeNull();
    expect(classify('{"name": "pkg", "version": "1.0.0"}')).toBeNull();
    expect(classify('apiVersion: 1\nkind: Pod\n')).toBeNull();
    expect(classify('apiVersion: v1\n')).toBeNull();
    expect(classify('- apiVersion: v1\n  kind: Pod\n')).toBeNull();
    expect(classify('apiVersion: v1\nkind: [Pod\n')).toBeNull();
    expect(classifyDocuments([null, null])).toBeNull();
  });
});

describe('Helm templates', () => {
  it('have template syntax outside comments', () => {
    expect(hasTemplateSyntax('name: {{ .Release.Name }}')).toBe(true);
    expect(hasTemplateSyntax('x: {{- include "a" . }}')).toBe(true);
    expect(hasTemplateSyntax('image: "{{ .Values.image }}" # the image')).toBe(true);
    expect(hasTemplateSyntax('{{/* a template comment is template syntax */}}\nkind: Pod\n')).toBe(true);
    expect(hasTemplateSyntax('url: http://x/#{{y}}\n')).toBe(true);
  });

  it('are not YAML whose braces are all in comments, nor YAML without them', () => {
    expect(hasTemplateSyntax('apiVersion: v1\nkind: Pod\n')).toBe(false);
    expect(hasTemplateSyntax('# {{ see docs }}\napiVersion: v1\nkind: Pod # {{ x }}\n')).toBe(false);
    expect(hasTemplateSyntax("note: 'a # b' # {{ x }}\n")).toBe(false);
  });

  it('would be in the chart above each templates folder, innermost first', () => {
    expect(candidateChartFolders('/repo/chart/templates/deploy.yaml')).toEqual(['/repo/chart']);
    expect(candidateChartFolders('/repo/chart/charts/sub/templates/x/deploy.yaml')).toEqual(['/repo/chart/charts/sub']);
    expect(candidateChartFolders('/a/templates/b/templates/x.yaml')).toEqual(['/a/templates/b', '/a']);
    expect(candidateChartFolders('C:\\repo\\chart\\templates\\deploy.yaml')).toEqual(['C:\\repo\\chart']);
    expect(candidateChartFolders('/repo/chart/my-templates/deploy.yaml')).toEqual([]);
    expect(candidateChartFolders('templates')).toEqual([]);
  });
});

/* ESLint 8 legacy config: typescript-eslint's type-aware recommended rules for src and test. */
module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname, sourceType: 'module' },
  plugins: ['@typescript-eslint'],
  extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended', 'plugin:@typescript-eslint/recommended-type-checked'],
  env: { node: true, es2022: true },
  ignorePatterns: ['dist/', 'node_modules/', 'fixtures/', 'bin/', '.eslintrc.cjs', 'coverage/'],
  rules: {
    '@typescript-eslint/consistent-type-imports': 'error',
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    'no-control-regex': 'off',
    eqeqeq: ['error', 'always'],
  },
};

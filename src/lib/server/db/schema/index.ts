export * from './access';
export * from './audit';
export * from './auth';
export * from './cohorts';
export * from './learning';
export * from './org';
export * from './imports';

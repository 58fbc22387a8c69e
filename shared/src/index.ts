export * from './tags';
export * from './webhook-payloads';
export * from './records';
export * from './api';

// @backspace/__name__: the Backspace connector for __Title__ (items: create, update).
export { connector } from './connector.js';
export { create__Name__Adapter, __name__Actions, __NAME___TOKEN_VARIABLE, type __Name__Adapter, type __Name__AdapterSettings } from './adapter.js';
export { __Name__Client, type Item } from './client.js';

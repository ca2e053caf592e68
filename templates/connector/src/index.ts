// @backspace/__name__: the Backspace connector for __Title__ (items: create, update).
export { connector, create__Name__Adapter, __name__Actions, __NAME___TOKEN_VARIABLE, type __Name__Adapter, type __Name__AdapterSettings } from './connector.js';
export { __Name__Client, type Item } from './client.js';

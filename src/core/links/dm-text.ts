// The DM text is formatted in src/shared (the settings page previews it with the same function).
export { formatDmText, type DmTextInput } from '../../shared/dm-text';

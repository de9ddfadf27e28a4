// What the window says about sizes, speeds and times.
import { formatBytes } from '../shared/format-bytes';

export { formatBytes };

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(Math.max(0, bytesPerSecond))}/s`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 1) return 'under a second';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export function summary(item: { bytesIn?: number; bytesOut?: number; removed?: { location: boolean; camera: boolean } }): string {
  const parts: string[] = [];
  if (item.bytesIn !== undefined && item.bytesOut !== undefined) parts.push(`${formatBytes(item.bytesIn)} → ${formatBytes(item.bytesOut)}`);
  if (item.removed?.location) parts.push('location removed');
  if (item.removed?.camera) parts.push('camera data removed');
  return parts.join(' · ');
}

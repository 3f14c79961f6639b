/**
 * problemBox turns an `error` event into what a panel shows. A missing toolchain is
 * "unavailable here", not a failure: the demo is fine, this machine lacks a tool. A long
 * detail (a compiler's output, a crash's stderr) goes into a reader block: its last lines
 * in place, the whole in the reader view.
 */
import type { ErrorCode } from '../protocol.ts';
import { createReaderBlock } from './reader-view.ts';

/** problemBox renders one problem: code, message and (optionally) its detail. */
export function problemBox(code: ErrorCode | string, message: string, detail?: string): HTMLElement {
  const unavailable = code === 'toolchain-missing';
  const box = document.createElement('div');
  box.className = `stage-problem${unavailable ? ' stage-unavailable' : ''}`;
  box.dataset.errorCode = code;
  const lead = document.createElement('strong');
  lead.textContent = unavailable ? 'Unavailable on this machine: ' : code === 'timeout' ? 'Timed out: ' : 'Error: ';
  box.append(lead, message);
  if (detail?.trim()) {
    const lines = detail.trimEnd().split('\n');
    const block = createReaderBlock('stage-problem-detail');
    block.set({ title: message, lines, visible: 4, startAt: Math.max(0, lines.length - 4) });
    box.append(block.el);
  }
  return box;
}

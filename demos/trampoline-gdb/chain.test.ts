import { describe, expect, it } from 'vitest';
import { chainOf } from './chain.ts';

const f = (fn: string, stage: string) => ({ function: fn, stage });

describe('chainOf', () => {
  it('puts the Go → C frames into slide 23’s four boxes, in call order', () => {
    const frames = [f('cfunc', 'c'), f('_cgo_ab12_Cfunc_cfunc', 'c-trampoline'), f('runtime.asmcgocall', 'asm'), f('runtime.cgocall', 'go-runtime'), f('main._Cfunc_cfunc', 'go-wrapper'), f('main.main', 'go')];
    const chain = chainOf('go-to-c', frames);
    expect(chain.boxes.map((b) => [b.lang, b.functions])).toEqual([
      ['go', ['main._Cfunc_cfunc', 'runtime.cgocall']],
      ['asm', ['runtime.asmcgocall']],
      ['c', ['_cgo_ab12_Cfunc_cfunc']],
      ['c', ['cfunc']],
    ]);
    expect(chain.trampoline).toBe('_cgo_ab12_Cfunc_cfunc');
  });

  it('mirrors the boxes for the way back and lists the way there apart', () => {
    const frames = [
      f('crosscall2', 'asm'), f('goCallback', 'c'), f('call_go', 'c'), f('_cgo_ab12_Cfunc_call_go', 'c-trampoline'), f('runtime.asmcgocall', 'asm'),
      f('main.goCallback', 'go'), f('_cgoexp_ab12_goCallback', 'go-wrapper'), f('runtime.cgocallbackg1', 'go-runtime'), f('runtime.cgocallbackg', 'go-runtime'),
      f('runtime.cgocallbackg', 'go-runtime'), f('runtime.cgocallback', 'asm'), f('runtime.systemstack_switch', 'asm'), f('runtime.cgocall', 'go-runtime'),
      f('main._Cfunc_call_go', 'go-wrapper'), f('main.main', 'go'),
    ];
    const chain = chainOf('c-to-go', frames);
    expect(chain.wayThere).toEqual(['main.main', 'main._Cfunc_call_go', 'runtime.cgocall', 'runtime.asmcgocall', '_cgo_ab12_Cfunc_call_go']);
    expect(chain.boxes.map((b) => b.functions)).toEqual([
      ['call_go', 'goCallback'],
      ['crosscall2', 'runtime.cgocallback'],
      ['runtime.cgocallbackg', 'runtime.cgocallbackg1', '_cgoexp_ab12_goCallback'],
      ['main.goCallback'],
    ]);
    expect(chain.trampoline).toBe('_cgoexp_ab12_goCallback');
  });
});

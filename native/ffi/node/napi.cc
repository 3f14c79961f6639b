// napi.cc: a Node-API addon (node-addon-api, header-only) whose `plusone` calls plusone
// in libplusone.so: the modern form of 2018's hand-written V8 addon ("Node.js FFI").
// `spin` reaches the machine-speed sentinel the same way.
#include <napi.h>
extern "C" {
#include "../plusone.h"
}

static Napi::Value PlusOne(const Napi::CallbackInfo& info) {
  int x = info[0].As<Napi::Number>().Int32Value();
  return Napi::Number::New(info.Env(), plusone(x));
}

static Napi::Value Spin(const Napi::CallbackInfo& info) {
  int adds = info[0].As<Napi::Number>().Int32Value();
  return Napi::Number::New(info.Env(), spin(adds));
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("plusone", Napi::Function::New(env, PlusOne, "plusone"));
  exports.Set("spin", Napi::Function::New(env, Spin, "spin"));
  return exports;
}

NODE_API_MODULE(plusone_napi, Init)

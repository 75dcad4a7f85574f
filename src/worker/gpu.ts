/**
 * Is there a real GPU? WebGL and WebGPU may be only emulated in software (SwiftShader, llvmpipe:
 * what headless browsers and some virtual machines offer), and then they lose to the CPU engines.
 * Kept apart from TensorFlow.js so the check costs no download.
 */

const SOFTWARE = /swiftshader|llvmpipe|software|basic render/i;

async function detectSoftwareWebGL(): Promise<boolean> {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    return SOFTWARE.test(renderer);
  } catch {
    return true;
  }
}

async function detectSoftwareWebGPU(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { isFallbackAdapter?: boolean; description?: string } } | null> } }).gpu;
  if (!gpu) return true;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return true;
    const info = (adapter as unknown as { info?: { isFallbackAdapter?: boolean; description?: string } }).info;
    return Boolean(info?.isFallbackAdapter) || SOFTWARE.test(info?.description ?? '');
  } catch {
    return true;
  }
}


/** Each check runs once per worker; its answer does not change. */
function once<T>(f: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | null = null;
  return () => (answer ??= f());
}

/** True when WebGL is missing or only emulated in software. */
export const softwareWebGL = once(detectSoftwareWebGL);
/** True when WebGPU is missing or only emulated in software. */
export const softwareWebGPU = once(detectSoftwareWebGPU);

/** True when WebGPU or WebGL runs on real graphics hardware here. */
export async function hardwareGpu(): Promise<boolean> {
  return !(await softwareWebGPU()) || !(await softwareWebGL());
}

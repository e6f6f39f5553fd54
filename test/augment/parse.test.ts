import { describe, expect, it } from '@jest/globals';
import { parseAugmentation } from '../../src/augment/parse.js';
import { diffPipelines, pipelineNormalize } from '../../src/augment/diff.js';
import { UserError } from '../../src/errors.js';

const NATIVE = `# fine-tuning augmentation
transforms:
  - {name: horizontal_flip, p: 0.5}
  - {name: rotate, degrees: 10}
  - {name: color_jitter, brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1}
  - {name: gaussian_noise, std: 0.05}
  - {name: gaussian_blur, sigma: 1.0}
  - {name: normalize, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225]}
`;

describe('parseAugmentation', () => {
  it('reads the native form with line numbers', () => {
    const p = parseAugmentation(NATIVE, 'configs/augment.yaml');
    expect(p.format).toBe('native');
    expect(p.transforms.map((t) => t.name)).toEqual(['horizontal_flip', 'rotate', 'color_jitter', 'gaussian_noise', 'gaussian_blur', 'normalize']);
    expect(p.transforms.map((t) => t.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(p.transforms[2]!.params).toMatchObject({ brightness: 0.4, hue: 0.1 });
  });

  it("reads albumentations' A.save JSON, flattening OneOf and converting units", () => {
    const json = JSON.stringify(
      {
        __version__: '1.4.0',
        transform: {
          __class_fullname__: 'Compose',
          p: 1.0,
          transforms: [
            { __class_fullname__: 'HorizontalFlip', always_apply: false, p: 0.5 },
            { __class_fullname__: 'GaussNoise', var_limit: [10.0, 50.0], p: 1.0 },
            {
              __class_fullname__: 'OneOf',
              p: 0.8,
              transforms: [
                { __class_fullname__: 'GaussianBlur', blur_limit: [3, 7], sigma_limit: [0, 0], p: 1 },
                { __class_fullname__: 'ToGray', p: 1 },
              ],
            },
            { __class_fullname__: 'Normalize', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], max_pixel_value: 255.0, p: 1.0 },
          ],
        },
      },
      null,
      2,
    );
    const p = parseAugmentation(json, 'aug.json');
    expect(p.format).toBe('albumentations');
    expect(p.transforms.map((t) => t.name)).toEqual(['horizontal_flip', 'gaussian_noise', 'gaussian_blur', 'grayscale', 'normalize']);
    const noise = p.transforms[1]!.params.std as number[];
    expect(noise[0]).toBeCloseTo(Math.sqrt(10) / 255, 12);
    expect(noise[1]).toBeCloseTo(Math.sqrt(50) / 255, 12);
    // OpenCV sigma for a 7-pixel kernel: 0.3*((7-1)*0.5-1)+0.8 = 1.4
    expect(p.transforms[2]!.params.sigma).toBeCloseTo(1.4, 12);
    // OneOf with two children: each gets p 0.8 / 2
    expect(p.transforms[2]!.params.p).toBeCloseTo(0.4, 12);
    expect(p.transforms[0]!.line).toBeGreaterThan(1);
  });

  it('reads torchvision-style lists', () => {
    const yaml = `- RandomResizedCrop: {size: 224, scale: [0.5, 1.0]}
- RandomHorizontalFlip: {p: 0.5}
- ColorJitter: {brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.2}
- ToTensor: {}
- Normalize: {mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5]}
`;
    const p = parseAugmentation(yaml, 'tv.yaml');
    expect(p.format).toBe('torchvision');
    expect(p.transforms.map((t) => t.name)).toEqual(['random_resized_crop', 'horizontal_flip', 'color_jitter', 'normalize']);
    expect(p.transforms[2]!.line).toBe(3);
    expect(pipelineNormalize(p)).toEqual({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], line: 5 });
  });

  it('reads Keras ImageDataGenerator arguments', () => {
    const yaml = `ImageDataGenerator:
  rotation_range: 20
  brightness_range: [0.5, 1.5]
  horizontal_flip: true
  preprocessing_function: tf.keras.applications.mobilenet_v2.preprocess_input
`;
    const p = parseAugmentation(yaml, 'keras.yaml');
    expect(p.format).toBe('keras');
    const byName = Object.fromEntries(p.transforms.map((t) => [t.name, t]));
    expect(byName.rotate!.params.degrees).toBe(20);
    expect(byName.color_jitter!.params.brightness).toEqual([0.5, 1.5]);
    expect(byName.rotate!.line).toBe(2);
    expect(pipelineNormalize(p)?.mean).toEqual([0.5, 0.5, 0.5]);
  });

  it('names the file and line of a YAML error, and refuses what is not an augmentation config', () => {
    expect(() => parseAugmentation('transforms:\n  - {name: flip\n', 'bad.yaml')).toThrow(/^bad\.yaml:\d+: cannot parse/);
    expect(() => parseAugmentation('learning_rate: 0.1\n', 'other.yaml')).toThrow(UserError);
    expect(() => parseAugmentation('transforms:\n  - {p: 0.5}\n', 'noname.yaml')).toThrow(/noname\.yaml:2: transform has no name/);
  });
});

describe('diffPipelines', () => {
  it('lists added, removed and changed transforms', () => {
    const base = parseAugmentation(
      'transforms:\n  - {name: horizontal_flip, p: 0.5}\n  - {name: color_jitter, brightness: 0.1}\n  - {name: rotate, degrees: 5}\n',
      'a',
    );
    const head = parseAugmentation(
      'transforms:\n  - {name: horizontal_flip, p: 0.5}\n  - {name: color_jitter, brightness: 0.8}\n  - {name: gaussian_noise, std: 0.2}\n',
      'a',
    );
    const d = diffPipelines(base, head);
    expect(d.added.map((t) => t.name)).toEqual(['gaussian_noise']);
    expect(d.removed.map((t) => t.name)).toEqual(['rotate']);
    expect(d.changed.map((c) => [c.name, c.before.params.brightness, c.after.params.brightness])).toEqual([['color_jitter', 0.1, 0.8]]);
    expect(diffPipelines(null, head).added).toHaveLength(3);
  });

  it('reads 0-255 normalization values in pixel units', () => {
    const p = parseAugmentation('transforms:\n  - {name: normalize, mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375]}\n', 'n');
    const n = pipelineNormalize(p)!;
    expect(n.mean[0]).toBeCloseTo(0.485, 6);
    expect(n.std[2]).toBeCloseTo(0.225, 6);
  });
});

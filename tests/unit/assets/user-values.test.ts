import { describe, expect, it } from '@jest/globals';
import {
  InvalidUserValueError,
  parsePciIds,
  parseUsbHostDevices,
  USB_HOST_DEVICES,
  VFIO_DEVICE_IDS,
} from '../../../operator/assets/user-values.js';

function problemOf(parse: () => unknown): { annotation: string; message: string } {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidUserValueError);
    return { annotation: (err as InvalidUserValueError).annotation, message: (err as Error).message };
  }
  throw new Error('expected the value to be rejected');
}

describe('PCI vendor:device lists', () => {
  it.each([
    ['10de:1eb8', ['10de:1eb8']],
    ['10DE:1EB8, 10de:1db6,10de:1eb8', ['10de:1db6', '10de:1eb8']],
    [' 8086:154c ,, 10de:1eb8, ', ['10de:1eb8', '8086:154c']],
  ])('normalises %j to %j (lower case, de-duplicated, sorted)', (raw, ids) => {
    expect(parsePciIds(raw, VFIO_DEVICE_IDS)).toEqual(ids);
  });

  it.each([
    ['10de:zz', 'platform.kubevirt.io/vfio-device-ids: "10de:zz" is not a PCI vendor:device pair'],
    ['10de:1eb8,10de:zz', 'platform.kubevirt.io/vfio-device-ids: "10de:zz" is not a PCI vendor:device pair'],
    ['10de1eb8', 'platform.kubevirt.io/vfio-device-ids: "10de1eb8" is not a PCI vendor:device pair'],
    ['10de:1eb8:01', 'platform.kubevirt.io/vfio-device-ids: "10de:1eb8:01" is not a PCI vendor:device pair'],
    [
      '10de:1eb8\noptions evil=1',
      'platform.kubevirt.io/vfio-device-ids: "10de:1eb8\\noptions evil=1" is not a PCI vendor:device pair',
    ],
    [
      '',
      'platform.kubevirt.io/vfio-device-ids: must be set to a comma-separated list of PCI vendor:device pairs',
    ],
    [
      undefined,
      'platform.kubevirt.io/vfio-device-ids: must be set to a comma-separated list of PCI vendor:device pairs',
    ],
  ])('rejects %j with a message that names the annotation', (raw, message) => {
    expect(problemOf(() => parsePciIds(raw, VFIO_DEVICE_IDS))).toEqual({
      annotation: VFIO_DEVICE_IDS,
      message,
    });
  });

  it('cuts a very long bad value short in the message', () => {
    const { message } = problemOf(() => parsePciIds('x'.repeat(5000), VFIO_DEVICE_IDS));

    expect(message.length).toBeLessThan(150);
    expect(message).toContain('...');
  });
});

describe('USB host device lists', () => {
  const storage = {
    resourceName: 'kubevirt.io/usb-storage',
    selectors: [{ vendor: '46f4', product: '0001' }],
  };
  const key = {
    resourceName: 'example.com/yubikey',
    selectors: [
      { vendor: '1050', product: '0407' },
      { vendor: '1050', product: '0408' },
    ],
  };

  it.each([
    ['kubevirt.io/usb-storage=46F4:0001', [storage]],
    ['kubevirt.io/usb-storage=46f4:0001, example.com/yubikey=1050:0407+1050:0408', [key, storage]],
    ['kubevirt.io/usb-storage=46f4:0001,kubevirt.io/usb-storage=46f4:0001', [storage]],
    ['example.com/yubikey=1050:0407+1050:0408+1050:0407', [key]],
    [JSON.stringify([storage, key]), [key, storage]],
  ])('reads %j', (raw, devices) => {
    expect(parseUsbHostDevices(raw, USB_HOST_DEVICES)).toEqual(devices);
  });

  it.each([
    ['kubevirt.io/usb-storage=46f4', '"46f4" is not a USB vendor:product pair'],
    ['kubevirt.io/usb-storage', '"kubevirt.io/usb-storage" is not a resourceName=vendor:product entry'],
    ['usb-storage=46f4:0001', '"usb-storage" is not a resource name such as kubevirt.io/usb-storage'],
    [
      'kubevirt.io/usb-storage=46f4:0001,kubevirt.io/usb-storage=46f4:0002',
      '"kubevirt.io/usb-storage" is listed twice with different devices',
    ],
    ['kubevirt.io/x=46f4:0001+', '"" is not a USB vendor:product pair'],
    [
      '[{"resourceName": "kubevirt.io/x", "selectors": [{"vendor": "46f4"}]}]',
      '"46f4:undefined" is not a USB vendor:product pair',
    ],
    ['[{"resourceName": "kubevirt.io/x", "selectors": []}]', '"kubevirt.io/x" lists no USB device'],
    ['[{"resourceName": "kubevirt.io/x", "selectors": [], "disabled": true}]', 'unknown field "disabled"'],
    ['[1]', 'each entry needs resourceName and a selectors list'],
    ['[]', 'must be a non-empty JSON list'],
    ['[{', 'is not valid JSON'],
    ['', 'must be set to a comma-separated list of resourceName=vendor:product entries'],
  ])('rejects %j', (raw, problem) => {
    expect(problemOf(() => parseUsbHostDevices(raw, USB_HOST_DEVICES))).toEqual({
      annotation: USB_HOST_DEVICES,
      message: `platform.kubevirt.io/usb-host-devices: ${problem}`,
    });
  });
});

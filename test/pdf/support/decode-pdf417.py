"""Decodes the PDF417 symbols of PGM images (as pdftoppm -gray writes them) with zxing-cpp.

Prints one JSON line per image: {"image": path, "width": pixels, "height": pixels, "symbols": [{"bytes":
base64 of the symbol's bytes, "left", "top", "right", "bottom": its corners' extremes in pixels}]}. It
is the independent judge of the timbres the service prints: zxing-cpp shares no code with bwip-js.
"""
import base64
import json
import sys

import numpy
import zxingcpp


def read_pgm(path):
    with open(path, 'rb') as handle:
        data = handle.read()
    fields = []
    position = 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b'#':
            position = data.index(b'\n', position) + 1
            continue
        start = position
        while not data[position:position + 1].isspace():
            position += 1
        fields.append(data[start:position])
    position += 1
    if fields[0] != b'P5' or int(fields[3]) > 255:
        raise ValueError(path + ' is not an 8-bit binary PGM')
    width, height = int(fields[1]), int(fields[2])
    return numpy.frombuffer(data, dtype=numpy.uint8, count=width * height, offset=position).reshape((height, width))


def describe(result):
    corners = [result.position.top_left, result.position.top_right, result.position.bottom_left, result.position.bottom_right]
    return {
        'bytes': base64.b64encode(bytes(result.bytes)).decode('ascii'),
        'left': min(point.x for point in corners),
        'right': max(point.x for point in corners),
        'top': min(point.y for point in corners),
        'bottom': max(point.y for point in corners),
    }


for path in sys.argv[1:]:
    image = read_pgm(path)
    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.PDF417)
    symbols = [describe(result) for result in results if result.valid]
    print(json.dumps({'image': path, 'width': image.shape[1], 'height': image.shape[0], 'symbols': symbols}))

# Helpers for FIX-like messages: "35=D|55=IBM|132=99.5|133=100.25|"
SOH = '|'


def parse_fix(msg):
    fields = {}
    for pair in msg.split(SOH):
        if '=' in pair:
            tag, value = pair.split('=', 1)
            fields[tag] = value
    return fields

/**
 * Line icons the staff screens need beyond the kiosk's set (./icons.ts), drawn the same way:
 * 24×24 grid, 2px round stroke in the current text colour, inline SVG paths only.
 */
export const STAFF_ICONS = {
  lock: ['M6 11h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-8a1 1 0 0 1 1-1Z', 'M8 11V7a4 4 0 0 1 8 0v4', 'M12 15v2'],
  exit: ['M10 4H6a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h4', 'M15 16l4-4-4-4', 'M19 12H9'],
  package: ['M21 8 12 3 3 8v8l9 5 9-5V8Z', 'M3 8l9 5 9-5', 'M12 13v8', 'M7.5 5.5l9 5'],
  usb: [
    'M12 3v14',
    'M9 6l3-3 3 3',
    'M12 12l-4-2V8',
    'M12 14l4-2v-2',
    'M7 7h2v2H7Z',
    'M15.5 8.5a1 1 0 1 0 0 2 1 1 0 0 0 0-2Z',
    'M14 19a2 2 0 1 1-4 0 2 2 0 0 1 4 0Z',
  ],
  shieldCheck: ['M12 3l8 3v6c0 4.5-3.4 8.2-8 9-4.6-.8-8-4.5-8-9V6l8-3Z', 'M8.5 12l2.5 2.5 4.5-5'],
  shieldX: ['M12 3l8 3v6c0 4.5-3.4 8.2-8 9-4.6-.8-8-4.5-8-9V6l8-3Z', 'M9.5 9.5l5 5', 'M14.5 9.5l-5 5'],
  refresh: ['M20 11a8 8 0 0 0-14.3-4.9L4 8', 'M4 4v4h4', 'M4 13a8 8 0 0 0 14.3 4.9L20 16', 'M20 20v-4h-4'],
  undo: ['M9 14 4 9l5-5', 'M4 9h10.5a5.5 5.5 0 0 1 0 11H11'],
  printer: ['M6 9V3h12v6', 'M6 18H4a1 1 0 0 1-1-1v-6a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v6a1 1 0 0 1-1 1h-2', 'M6 14h12v7H6Z'],
  qr: ['M4 4h6v6H4Z', 'M14 4h6v6h-6Z', 'M4 14h6v6H4Z', 'M14 14h2v2h-2Z', 'M18 18h2v2h-2Z', 'M14 18h2', 'M18 14h2'],
  search: ['M16.5 10.5a6 6 0 1 1-12 0 6 6 0 0 1 12 0Z', 'M15 15l5.5 5.5'],
  x: ['M6 6l12 12', 'M18 6 6 18'],
  backspace: ['M9 5h11a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H9l-6-7 6-7Z', 'M12 9.5l5 5', 'M17 9.5l-5 5'],
  sort: ['M7 4v16', 'M3.5 16.5 7 20l3.5-3.5', 'M13 6h8', 'M13 11h6', 'M13 16h4'],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  alert: ['M12 3.5 2.5 20h19L12 3.5Z', 'M12 10v4.5', 'M12 17.5h.01'],
  key: ['M10.5 13.5a4.5 4.5 0 1 1 3-3L21 18v3h-3v-2h-2v-2h-2l-1.4-1.4', 'M7.5 9.5h.01'],
  file: ['M6 3h8l4 4v14H6Z', 'M14 3v4h4'],
  log: ['M6 3h12v18H6Z', 'M9 8h6', 'M9 12h6', 'M9 16h4'],
  plus: ['M12 5v14', 'M5 12h14'],
  minus: ['M5 12h14'],
  edit: ['M4 20h4L19 9l-4-4L4 16v4Z', 'M13.5 6.5l4 4'],
  filter: ['M4 5h16l-6 7.5V19l-4 1.5v-8L4 5Z'],
} as const satisfies Record<string, readonly string[]>;

export type StaffIconName = keyof typeof STAFF_ICONS;

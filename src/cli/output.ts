// Terminal output: color unless NO_COLOR (or not a TTY).
import { styleText } from 'node:util';

export const useColor = () => !('NO_COLOR' in process.env) && process.stdout.isTTY === true;

type Style = Parameters<typeof styleText>[0];
export const paint = (style: Style, text: string) => (useColor() ? styleText(style, text) : text);
